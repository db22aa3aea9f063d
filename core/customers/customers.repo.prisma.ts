// Prisma adapter of the customers repository. Every query carries the organization id.
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
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
      return (await db.customer.findFirst({ where: { organizationId, phone } })) as Customer | null;
    },
    async search(organizationId, query) {
      const rows = await db.customer.findMany({
        where: {
          organizationId,
          ...(query.text ? { searchName: { contains: query.text } } : {}),
          ...(query.assignedToIds ? { assignedToId: { in: query.assignedToIds } } : {}),
          // a deleted customer (status inactive, a soft delete) is found only when asked for by status
          status: query.status ?? { not: 'inactive' },
        },
        orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
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
      await db.customerActivity.create({
        data: {
          organizationId,
          customerId: entry.customerId,
          userId: entry.userId,
          type: entry.type,
          description: entry.description,
          metadata: (entry.metadata ?? {}) as object,
        },
      });
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
