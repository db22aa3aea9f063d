// Customers: create (with E.164 phone and duplicate detection), find by any phone spelling or by
// name, update, and the activity log. Validation is zod at this boundary; user-actionable failures
// are Result values with CUSTOMER.* codes.

import type { Clock } from '../shared/clock.ts';
import { toE164 } from '../shared/phone.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { foldForSearch } from '../shared/text.ts';
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
}

export type CustomersService = ReturnType<typeof createCustomersService>;

function issueDetails(error: { issues: Array<{ path: PropertyKey[]; message: string }> }) {
  const issue = error.issues[0];
  return { field: issue?.path.map(String).join('.') ?? '', message: issue?.message ?? '' };
}

export function createCustomersService({ repo, clock }: CustomersDeps) {
  return {
    async create(scope: Scope, input: NewCustomer): Promise<Result<Customer, CustomerErrorCode>> {
      const parsed = newCustomerSchema.safeParse(input);
      if (!parsed.success) return err('CUSTOMER.INVALID_INPUT', issueDetails(parsed.error));
      const { phone: rawPhone, ...rest } = parsed.data;
      let phone: string | undefined;
      if (rawPhone !== undefined) {
        phone = toE164(rawPhone);
        if (!phone) return err('CUSTOMER.INVALID_PHONE');
      }
      const record: CustomerRecord = {
        ...rest,
        searchName: foldForSearch(rest.name),
        phone,
        createdById: scope.userId,
        assignedToId: rest.assignedToId ?? scope.userId,
        lastContact: clock.now(),
        createdAt: clock.now(),
      };
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
      return ok(created);
    },

    /** Finds a customer by any spelling of the phone; undefined when the text is no valid phone. */
    async findByPhone(scope: Scope, rawPhone: string): Promise<Customer | null | undefined> {
      const phone = toE164(rawPhone);
      if (!phone) return undefined;
      return repo.findByPhone(scope.organizationId, phone);
    },

    async get(scope: Scope, id: string): Promise<Result<Customer, CustomerErrorCode>> {
      const found = await repo.findById(scope.organizationId, id);
      return found ? ok(found) : err('CUSTOMER.NOT_FOUND');
    },

    /** By name (any spelling of the Arabic letter forms, part of it is enough) or by phone. */
    async search(scope: Scope, query: CustomerSearch & { phone?: string }): Promise<Customer[]> {
      if (query.phone) {
        const byPhone = await this.findByPhone(scope, query.phone);
        return byPhone ? [byPhone] : [];
      }
      return repo.search(scope.organizationId, { ...query, text: query.text ? foldForSearch(query.text) : undefined });
    },

    async update(scope: Scope, id: string, input: CustomerPatch): Promise<Result<Customer, CustomerErrorCode>> {
      const parsed = customerPatchSchema.safeParse(input);
      if (!parsed.success) return err('CUSTOMER.INVALID_INPUT', issueDetails(parsed.error));
      const { phone: rawPhone, ...rest } = parsed.data;
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
      await repo.logActivity(scope.organizationId, {
        customerId: id,
        userId: scope.userId,
        type: rest.status ? 'status_change' : 'updated',
        description: `updated: ${Object.keys(parsed.data).join(', ')}`,
        metadata: { fields: Object.keys(parsed.data) },
      });
      return ok(updated);
    },

    /**
     * Deletes a customer softly: the row stays (its deals, viewings and history keep their links) with the
     * status inactive, out of every search; the activity log says who deleted it.
     */
    async remove(scope: Scope, id: string): Promise<Result<Customer, CustomerErrorCode>> {
      const updated = await repo.update(scope.organizationId, id, { status: 'inactive' });
      if (!updated || updated === 'duplicate_phone') return err('CUSTOMER.NOT_FOUND');
      await repo.logActivity(scope.organizationId, {
        customerId: id,
        userId: scope.userId,
        type: 'deleted',
        description: 'deleted by chat',
        metadata: {},
      });
      return ok(updated);
    },

    /** Plans a contact with the customer (a new lead's first call). */
    async scheduleFollowup(
      scope: Scope,
      input: Omit<FollowupEntry, 'userId'>,
    ): Promise<Result<true, CustomerErrorCode>> {
      const found = await repo.findById(scope.organizationId, input.customerId);
      if (!found) return err('CUSTOMER.NOT_FOUND');
      await repo.insertFollowup(scope.organizationId, { ...input, userId: scope.userId });
      return ok(true);
    },

    /** Records a contact that happened (a call the broker reports). */
    async logInteraction(
      scope: Scope,
      input: Omit<InteractionEntry, 'userId'>,
    ): Promise<Result<true, CustomerErrorCode>> {
      const found = await repo.findById(scope.organizationId, input.customerId);
      if (!found) return err('CUSTOMER.NOT_FOUND');
      await repo.insertInteraction(scope.organizationId, { ...input, userId: scope.userId });
      return ok(true);
    },

    /** The customer's latest activity (notes, updates), newest first; empty for another office's customer. */
    async recentActivity(scope: Scope, customerId: string, limit = 3): Promise<ActivityRow[]> {
      return repo.recentActivity(scope.organizationId, customerId, limit);
    },

    async addNote(scope: Scope, customerId: string, note: string): Promise<Result<true, CustomerErrorCode>> {
      const text = note.trim();
      if (!text || text.length > 5_000) return err('CUSTOMER.INVALID_INPUT', { field: 'note' });
      const found = await repo.findById(scope.organizationId, customerId);
      if (!found) return err('CUSTOMER.NOT_FOUND');
      await repo.logActivity(scope.organizationId, {
        customerId,
        userId: scope.userId,
        type: 'note',
        description: text,
      });
      await repo.update(scope.organizationId, customerId, { lastContact: clock.now() });
      return ok(true);
    },
  };
}
