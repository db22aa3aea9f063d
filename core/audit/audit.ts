// The audit log: every change made on behalf of a member is a row of audit_log (who, what, on which
// entity, when, from which channel), written by the service that makes the change, over the same
// database handle (inside the turn's transaction: the change and its row commit or roll back together).
//
// Details are facts about the change, never personal data: ids, statuses, kinds, amounts, counts and
// field names; no phone, no name, no free text (a note, a title). The type allows only such values;
// the callers choose them.
import type { DbTx } from '../db/client.ts';
import type { Scope } from '../shared/scope.ts';
import { actingMember } from '../teams/authorize.ts';

export type AuditValue = string | number | boolean | null | readonly string[];
export type AuditDetails = Record<string, AuditValue | undefined>;

export interface AuditEntry {
  /** dotted: customer.created, request.created, appointment.booked, task.completed, sale.recorded, … */
  action: string;
  entityType: string;
  entityId?: string | null;
  details?: AuditDetails;
  /** written whoever acts (a contact's reveal too); by default only a member's changes are */
  always?: boolean;
}

/** Writes the audit row of a change; nothing when no member acts (a contact's own flow, Nova's work). */
export async function audit(db: DbTx, scope: Scope, entry: AuditEntry): Promise<void> {
  if (!entry.always && !actingMember(scope)) return;
  const details: Record<string, AuditValue> = {};
  for (const [key, value] of Object.entries(entry.details ?? {})) if (value !== undefined) details[key] = value;
  await db.auditLog.create({
    data: {
      organizationId: scope.organizationId,
      userId: scope.userId ?? null,
      action: entry.action,
      channel: scope.via ?? null,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      details: details as object,
    },
  });
}
