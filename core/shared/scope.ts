// Who acts, and within which organization. Every core query and command takes a Scope first and
// filters by its organization, so that no id of another office is ever found. A member's scope also
// carries what he may do (his role and permission rows: core/teams/authorize.ts checks them), whose data
// he sees, and the channel his change came from (written to the audit log).
import { type PermissionRow, type UserRole, visibleUsersOf } from '../teams/permissions.ts';

/** Where a change came from: a chat channel's kind, the admin API, or the `nova` command. */
export type Via = 'whatsapp_web' | 'whatsapp_cloud' | 'telegram' | 'web' | 'console' | 'memory' | 'api' | 'cli';

export interface Scope {
  organizationId: string;
  /** the acting member; absent when a contact (homeowner, client) or Nova itself acts */
  userId?: string;
  /**
   * who acts: a member's role, a contact of the office, or Nova's own background work. A scope without
   * a role (a contact's flow acting for the office's broker) follows the contacts' rules.
   */
  role?: UserRole | 'contact' | 'system';
  /** the member's permission rows (one per module at most); none: his role's defaults */
  permissions?: readonly PermissionRow[];
  /** whose customers, tasks, viewings and deals the member sees; absent: computed from role and rows */
  visibleUserIds?: readonly string[] | 'all';
  /** the channel the member's request came from */
  via?: Via;
}

export interface MemberAccess {
  organizationId: string;
  userId: string;
  role: UserRole;
  permissions?: readonly PermissionRow[];
  visibleUserIds?: readonly string[] | 'all';
  via?: Via;
}

export const memberScope = (m: MemberAccess): Scope => {
  const permissions = m.permissions ?? [];
  return {
    organizationId: m.organizationId,
    userId: m.userId,
    role: m.role,
    permissions,
    visibleUserIds: m.visibleUserIds ?? visibleUsersOf(m.role, permissions, m.userId),
    ...(m.via ? { via: m.via } : {}),
  };
};

export const contactScope = (organizationId: string): Scope => ({ organizationId, role: 'contact' });

export const systemScope = (organizationId: string): Scope => ({ organizationId, role: 'system' });
