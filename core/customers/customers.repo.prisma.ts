// Prisma adapter of the customers repository. Every query carries the organization id.
import { audit } from '../audit/audit.ts';
import { type DbTx, sql } from '../db/client.ts';
import { systemClock } from '../shared/clock.ts';
import { PG, sqlState } from '../shared/errors.ts';
import type { CustomersRepo } from './customers.repo.ts';
import type { Customer } from './customers.types.ts';

const MAX_LIMIT = 100;

export function createPrismaCustomersRepo(db: DbTx): CustomersRepo {
  return {
    async insert(organizationId, record) {
      try {
        return (await db.customer.create({ data: { ...record, organizationId } })) as Customer;
      } catch (error) {
        if (sqlState(error) === PG.uniqueViolation) return 'duplicate_phone';
        throw error;
      }
    },
    async findById(organizationId, id) {
      return (await db.customer.findFirst({ where: { id, organizationId } })) as Customer | null;
    },
    async findByPhone(organizationId, phone) {
      // sql(): a new client's first request asks it (is his number a customer already?). Every column,
      // named and typed as Prisma's findFirst gave them (enums as text).
      const [row] = await sql(db)<Customer>`
        SELECT id::text, organization_id::text AS "organizationId", created_by_id::text AS "createdById",
          assigned_to_id::text AS "assignedToId", name, search_name AS "searchName", phone, email, whatsapp,
          category::text, interest_level::text AS "interestLevel", source, status::text, is_vip AS "isVip",
          preferred_contact AS "preferredContact", preferred_contact_time AS "preferredContactTime",
          budget_min AS "budgetMin", budget_max AS "budgetMax", financing_needed AS "financingNeeded",
          preferred_cities AS "preferredCities", preferred_districts AS "preferredDistricts",
          property_types AS "propertyTypes", tags, notes, custom_fields AS "customFields",
          last_contact AS "lastContact", created_at AS "createdAt", updated_at AS "updatedAt"
        FROM customers WHERE organization_id = ${organizationId}::uuid AND phone = ${phone}::text
        LIMIT 1`;
      return row ?? null;
    },
    async search(organizationId, query) {
      const rows = await db.customer.findMany({
        where: {
          organizationId,
          ...(query.text ? { searchName: { contains: query.text } } : {}),
          ...(query.assignedToIds ? { assignedToId: { in: query.assignedToIds } } : {}),
          ...(query.ids ? { id: { in: query.ids } } : {}),
          // a deleted customer (status inactive, a soft delete) is found only when asked for by status
          status:
            query.status ?? (query.contactedBefore ? { notIn: ['inactive', 'closed', 'lost'] } : { not: 'inactive' }),
          ...(query.contactedBefore
            ? {
                OR: [
                  { lastContact: { lt: query.contactedBefore } },
                  { lastContact: null, createdAt: { lt: query.contactedBefore } },
                ],
              }
            : {}),
        },
        orderBy: query.contactedBefore
          ? [{ lastContact: { sort: 'asc', nulls: 'first' } }, { createdAt: 'asc' }, { id: 'asc' }]
          : [{ updatedAt: 'desc' }, { id: 'asc' }],
        take: Math.min(query.limit ?? 20, MAX_LIMIT),
      });
      return rows as Customer[];
    },
    async update(organizationId, id, patch) {
      try {
        const { count } = await db.customer.updateMany({ where: { id, organizationId }, data: patch });
        if (count === 0) return null;
      } catch (error) {
        if (sqlState(error) === PG.uniqueViolation) return 'duplicate_phone';
        throw error;
      }
      return (await db.customer.findFirst({ where: { id, organizationId } })) as Customer | null;
    },
    async logActivity(organizationId, entry) {
      // sql(): every new customer logs one. The time is this process's, as Prisma's create gave it.
      await sql(db)`
        INSERT INTO customer_activities (organization_id, customer_id, user_id, type, description, metadata, created_at)
        VALUES (${organizationId}::uuid, ${entry.customerId}::uuid, ${entry.userId ?? null}::uuid, ${entry.type}::text,
          ${entry.description}::text, ${JSON.stringify(entry.metadata ?? {})}::jsonb, ${systemClock.now()}::timestamptz)`;
    },
    async recentActivity(organizationId, customerId, limit) {
      return db.customerActivity.findMany({
        where: { customerId, organizationId },
        orderBy: { createdAt: 'desc' },
        take: limit,
        select: { type: true, description: true, createdAt: true },
      });
    },
    async insertFollowup(organizationId, entry) {
      await db.customerFollowup.create({ data: { ...entry, organizationId } });
    },
    async insertInteraction(organizationId, entry) {
      await db.customerInteraction.create({ data: { ...entry, organizationId } });
      await db.customer.updateMany({
        where: { id: entry.customerId, organizationId, status: 'new' },
        data: { status: 'contacted' },
      });
    },
    audit: (scope, entry) => audit(db, scope, entry),
  };
}
