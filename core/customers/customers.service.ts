// Customers: create (with E.164 phone and duplicate detection), find by any phone spelling or by
// name, update, and the activity log. Validation is zod at this boundary; user-actionable failures
// are Result values with CUSTOMER.* codes.
//
// Roles (core/teams/authorize.ts): a member's command is authorized first (crm.create/edit/delete,
// crm.assign to give a customer to someone else) and reaches only the customers he sees (assigned to
// him or to his team, or the whole office); another broker's customer is simply not found. What is read
// carries the phone only for the customer's broker and the office's managers (core/teams/privacy.ts).
// Each change is audited.

import { type AnalyticsSink, noAnalytics } from '../analytics/events.ts';
import type { Clock } from '../shared/clock.ts';
import { toE164 } from '../shared/phone.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { foldForSearch } from '../shared/text.ts';
import { actingMember, authorize, narrowUsers, sees } from '../teams/authorize.ts';
import { shownPhone } from '../teams/privacy.ts';
import { type EventSink, noEvents } from '../webhooks/events.ts';
import type { CustomersRepo } from './customers.repo.ts';
import {
  type ActivityRow,
  type Customer,
  type CustomerErrorCode,
  type CustomerPatch,
  type CustomerRecord,
  type CustomerSearch,
  customerPatchSchema,
  type FollowupEntry,
  type InteractionEntry,
  type NewCustomer,
  newCustomerSchema,
  type Scope,
} from './customers.types.ts';

export interface CustomersDeps {
  repo: CustomersRepo;
  clock: Clock;
  /** outgoing webhook events (core/webhooks/events.ts) */
  events?: EventSink;
  /** analytics events (core/analytics/events.ts) */
  analytics?: AnalyticsSink;
}

export type CustomersService = ReturnType<typeof createCustomersService>;

function issueDetails(error: { issues: Array<{ path: PropertyKey[]; message: string }> }) {
  const issue = error.issues[0];
  return { field: issue?.path.map(String).join('.') ?? '', message: issue?.message ?? '' };
}

/** The customer as the scope may read him: the phone masked unless he is the scope's to call. */
function present(scope: Scope, c: Customer): Customer {
  const phone = shownPhone(scope, c.phone, [c.assignedToId]);
  return phone === c.phone ? c : { ...c, phone };
}

/** Giving a customer to `assigneeId` (not the acting member): crm.assign, to someone he sees. */
function authorizeAssign(scope: Scope, assigneeId: string | null) {
  const member = actingMember(scope);
  if (!member || assigneeId === member.userId) return;
  authorize(scope, 'crm', 'assign', 'customer.assign');
  if (assigneeId && !sees(scope, assigneeId)) authorize(scope, 'crm', 'viewAll', 'customer.assign');
}

export function createCustomersService({ repo, clock, events = noEvents, analytics = noAnalytics }: CustomersDeps) {
  /** The customer with this id when the scope sees him (his assignee is one of the scope's users). */
  async function visible(scope: Scope, id: string): Promise<Customer | null> {
    const found = await repo.findById(scope.organizationId, id);
    return found && sees(scope, found.assignedToId) ? found : null;
  }

  return {
    async create(scope: Scope, input: NewCustomer): Promise<Result<Customer, CustomerErrorCode>> {
      authorize(scope, 'crm', 'create', 'customer.create');
      const parsed = newCustomerSchema.safeParse(input);
      if (!parsed.success) return err('CUSTOMER.INVALID_INPUT', issueDetails(parsed.error));
      const { phone: rawPhone, ...rest } = parsed.data;
      let phone: string | undefined;
      if (rawPhone !== undefined) {
        phone = toE164(rawPhone);
        if (!phone) return err('CUSTOMER.INVALID_PHONE');
      }
      const assignedToId = rest.assignedToId ?? scope.userId;
      authorizeAssign(scope, assignedToId ?? null);
      const record: CustomerRecord = {
        ...rest,
        searchName: foldForSearch(rest.name),
        phone,
        createdById: scope.userId,
        assignedToId,
        lastContact: clock.now(),
        createdAt: clock.now(),
      };
      // A known number is refused before the insert: a unique violation would abort the caller's
      // transaction (a chat turn). The id is given only to those who see that customer.
      const taken = phone ? await repo.findByPhone(scope.organizationId, phone) : null;
      if (taken) {
        return err('CUSTOMER.DUPLICATE_PHONE', sees(scope, taken.assignedToId) ? { existingId: taken.id } : undefined);
      }
      const created = await repo.insert(scope.organizationId, record);
      if (created === 'duplicate_phone') {
        const existing = phone ? await repo.findByPhone(scope.organizationId, phone) : null;
        return err('CUSTOMER.DUPLICATE_PHONE', { existingId: existing?.id });
      }
      await repo.logActivity(scope.organizationId, {
        customerId: created.id,
        userId: scope.userId,
        type: 'created',
        description: 'customer created',
      });
      await repo.audit(scope, {
        action: 'customer.created',
        entityType: 'customer',
        entityId: created.id,
        details: { category: created.category, status: created.status, assignedToId: created.assignedToId },
      });
      if (created.assignedToId && created.assignedToId !== scope.userId) {
        await repo.audit(scope, {
          action: 'customer.assigned',
          entityType: 'customer',
          entityId: created.id,
          details: { from: null, to: created.assignedToId },
        });
      }
      await events.emit(scope, 'customer.created', {
        customer: {
          id: created.id,
          name: created.name,
          phone: created.phone,
          category: created.category,
          status: created.status,
          source: created.source,
          assignedToId: created.assignedToId,
          createdById: created.createdById,
        },
      });
      await analytics.record(scope, {
        type: 'lead.created',
        userId: created.assignedToId ?? scope.userId ?? null,
        entity: { type: 'customer', id: created.id },
        properties: { source: created.source, category: created.category, status: created.status },
      });
      return ok(present(scope, created));
    },

    /** Finds a customer by any spelling of the phone; undefined when the text is no valid phone. */
    async findByPhone(scope: Scope, rawPhone: string): Promise<Customer | null | undefined> {
      const phone = toE164(rawPhone);
      if (!phone) return undefined;
      const found = await repo.findByPhone(scope.organizationId, phone);
      return found && sees(scope, found.assignedToId) ? present(scope, found) : null;
    },

    async get(scope: Scope, id: string): Promise<Result<Customer, CustomerErrorCode>> {
      const found = await visible(scope, id);
      return found ? ok(present(scope, found)) : err('CUSTOMER.NOT_FOUND');
    },

    /**
     * By name (any spelling of the Arabic letter forms, part of it is enough) or by phone; among the
     * customers the scope sees (of `assignedToIds` within them, when given).
     */
    async search(scope: Scope, query: CustomerSearch & { phone?: string }): Promise<Customer[]> {
      if (query.phone) {
        const byPhone = await this.findByPhone(scope, query.phone);
        return byPhone ? [byPhone] : [];
      }
      const users = narrowUsers(scope, query.assignedToIds);
      const found = await repo.search(scope.organizationId, {
        ...query,
        assignedToIds: users === 'all' ? undefined : users,
        text: query.text ? foldForSearch(query.text) : undefined,
      });
      return found.map((c) => present(scope, c));
    },

    async update(scope: Scope, id: string, input: CustomerPatch): Promise<Result<Customer, CustomerErrorCode>> {
      authorize(scope, 'crm', 'edit', 'customer.update');
      const parsed = customerPatchSchema.safeParse(input);
      if (!parsed.success) return err('CUSTOMER.INVALID_INPUT', issueDetails(parsed.error));
      const { phone: rawPhone, ...rest } = parsed.data;
      if (rest.assignedToId !== undefined) authorizeAssign(scope, rest.assignedToId);
      const before = await visible(scope, id);
      if (!before) return err('CUSTOMER.NOT_FOUND');
      const patch: Partial<CustomerRecord> = { ...rest };
      if (rest.name) patch.searchName = foldForSearch(rest.name);
      if (rawPhone !== undefined) {
        const phone = toE164(rawPhone);
        if (!phone) return err('CUSTOMER.INVALID_PHONE');
        patch.phone = phone;
      }
      const updated = await repo.update(scope.organizationId, id, patch);
      if (updated === 'duplicate_phone') return err('CUSTOMER.DUPLICATE_PHONE');
      if (!updated) return err('CUSTOMER.NOT_FOUND');
      const fields = Object.keys(parsed.data);
      await repo.logActivity(scope.organizationId, {
        customerId: id,
        userId: scope.userId,
        type: rest.status ? 'status_change' : 'updated',
        description: `updated: ${fields.join(', ')}`,
        metadata: { fields },
      });
      await repo.audit(scope, {
        action: 'customer.updated',
        entityType: 'customer',
        entityId: id,
        details: { fields, ...(rest.status ? { status: rest.status } : {}) },
      });
      if (rest.assignedToId !== undefined && rest.assignedToId !== before.assignedToId) {
        await repo.audit(scope, {
          action: 'customer.assigned',
          entityType: 'customer',
          entityId: id,
          details: { from: before.assignedToId, to: rest.assignedToId },
        });
      }
      return ok(present(scope, updated));
    },

    /**
     * Deletes a customer softly: the row stays (its deals, viewings and history keep their links) with the
     * status inactive, out of every search; the activity log says who deleted it.
     */
    async remove(scope: Scope, id: string): Promise<Result<Customer, CustomerErrorCode>> {
      authorize(scope, 'crm', 'delete', 'customer.delete');
      if (!(await visible(scope, id))) return err('CUSTOMER.NOT_FOUND');
      const updated = await repo.update(scope.organizationId, id, { status: 'inactive' });
      if (!updated || updated === 'duplicate_phone') return err('CUSTOMER.NOT_FOUND');
      await repo.logActivity(scope.organizationId, {
        customerId: id,
        userId: scope.userId,
        type: 'deleted',
        description: 'deleted by chat',
        metadata: {},
      });
      await repo.audit(scope, { action: 'customer.deleted', entityType: 'customer', entityId: id });
      return ok(present(scope, updated));
    },

    /** Plans a contact with the customer (a new lead's first call). */
    async scheduleFollowup(
      scope: Scope,
      input: Omit<FollowupEntry, 'userId'>,
    ): Promise<Result<true, CustomerErrorCode>> {
      authorize(scope, 'crm', 'edit', 'customer.followup');
      if (!(await visible(scope, input.customerId))) return err('CUSTOMER.NOT_FOUND');
      await repo.insertFollowup(scope.organizationId, { ...input, userId: scope.userId });
      await repo.audit(scope, {
        action: 'customer.followup_scheduled',
        entityType: 'customer',
        entityId: input.customerId,
        details: { type: input.type, dueAt: input.dueAt.toISOString() },
      });
      return ok(true);
    },

    /** Records a contact that happened (a call the broker reports). */
    async logInteraction(
      scope: Scope,
      input: Omit<InteractionEntry, 'userId'>,
    ): Promise<Result<true, CustomerErrorCode>> {
      authorize(scope, 'crm', 'edit', 'customer.interaction');
      if (!(await visible(scope, input.customerId))) return err('CUSTOMER.NOT_FOUND');
      await repo.insertInteraction(scope.organizationId, { ...input, userId: scope.userId });
      await repo.audit(scope, {
        action: 'customer.interaction_logged',
        entityType: 'customer',
        entityId: input.customerId,
        details: { type: input.type },
      });
      return ok(true);
    },

    /** The customer's latest activity (notes, updates), newest first; empty for a customer the scope does not see. */
    async recentActivity(scope: Scope, customerId: string, limit = 3): Promise<ActivityRow[]> {
      if (!(await visible(scope, customerId))) return [];
      return repo.recentActivity(scope.organizationId, customerId, limit);
    },

    async addNote(scope: Scope, customerId: string, note: string): Promise<Result<true, CustomerErrorCode>> {
      authorize(scope, 'crm', 'edit', 'customer.note');
      const text = note.trim();
      if (!text || text.length > 5_000) return err('CUSTOMER.INVALID_INPUT', { field: 'note' });
      if (!(await visible(scope, customerId))) return err('CUSTOMER.NOT_FOUND');
      await repo.logActivity(scope.organizationId, {
        customerId,
        userId: scope.userId,
        type: 'note',
        description: text,
      });
      await repo.update(scope.organizationId, customerId, { lastContact: clock.now() });
      // the note itself is free text: the audit row says only that one was added
      await repo.audit(scope, { action: 'customer.note_added', entityType: 'customer', entityId: customerId });
      return ok(true);
    },
  };
}
