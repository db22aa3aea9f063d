// The customers repository port: what the service needs from storage, nothing more.
import type { AuditEntry } from '../audit/audit.ts';
import type { Scope } from '../shared/scope.ts';
import type {
  ActivityEntry,
  ActivityRow,
  Customer,
  CustomerRecord,
  CustomerSearch,
  FollowupEntry,
  InteractionEntry,
} from './customers.types.ts';

export interface CustomersRepo {
  /** Inserts; returns 'duplicate_phone' when the organization already has that phone. */
  insert(organizationId: string, record: CustomerRecord): Promise<Customer | 'duplicate_phone'>;
  findById(organizationId: string, id: string): Promise<Customer | null>;
  findByPhone(organizationId: string, e164: string): Promise<Customer | null>;
  search(organizationId: string, query: CustomerSearch): Promise<Customer[]>;
  /** Updates; null when not found in the organization, 'duplicate_phone' on a phone clash. */
  update(
    organizationId: string,
    id: string,
    patch: Partial<CustomerRecord>,
  ): Promise<Customer | null | 'duplicate_phone'>;
  logActivity(organizationId: string, entry: ActivityEntry): Promise<void>;
  /** The customer's latest activity entries, newest first. */
  recentActivity(organizationId: string, customerId: string, limit: number): Promise<ActivityRow[]>;
  insertFollowup(organizationId: string, entry: FollowupEntry): Promise<void>;
  /** Inserts an interaction; a customer still `new` becomes `contacted` (he has been reached). */
  insertInteraction(organizationId: string, entry: InteractionEntry): Promise<void>;
  /** The audit row of a change made on behalf of a member (core/audit/audit.ts), in the same transaction. */
  audit(scope: Scope, entry: AuditEntry): Promise<void>;
}
