// Who acts, and within which organization. Every core query and command takes a Scope first and
// filters by its organization, so that no id of another office is ever found.
import type { UserRole } from '../teams/permissions.ts';

export interface Scope {
  organizationId: string;
  /** the acting member; absent when a contact (homeowner, client) or Nova itself acts */
  userId?: string;
  /** who acts: a member's role, a contact of the office, or Nova's own background work */
  role?: UserRole | 'contact' | 'system';
}

export const memberScope = (m: { organizationId: string; userId: string; role: UserRole }): Scope => ({
  organizationId: m.organizationId,
  userId: m.userId,
  role: m.role,
});

export const contactScope = (organizationId: string): Scope => ({ organizationId, role: 'contact' });

export const systemScope = (organizationId: string): Scope => ({ organizationId, role: 'system' });
