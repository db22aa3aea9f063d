// Pure rules of an office's membership: which roles exist, who may add or remove whom, which role a
// person has in his team, and who takes over a removed member's work.
import type { UserRole } from './permissions.ts';

/** The roles a member can be given (admin is the platform's, never given through onboarding). */
export const MEMBER_ROLES = ['owner', 'manager', 'broker', 'team_member', 'observer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** The team an office starts with, and the one made for the first member of an office that has none. */
export const DEFAULT_TEAM_NAME = 'الفريق';

/** Who may add and remove members: the office's owner and managers, and the operator (system). */
export function managesMembers(role: UserRole | 'contact' | 'system' | undefined): boolean {
  return role === 'system' || role === 'owner' || role === 'admin' || role === 'manager';
}

/** An owner is made, and removed, only by the operator or an owner: a manager cannot rise above himself. */
export function mayGiveRole(actor: UserRole | 'contact' | 'system' | undefined, role: UserRole): boolean {
  if (!managesMembers(actor)) return false;
  if (role === 'owner' || role === 'admin') return actor === 'system' || actor === 'owner' || actor === 'admin';
  return true;
}

/** The member's place in a team (team_members.role has manager, broker, observer). */
export function teamRoleOf(role: UserRole): 'manager' | 'broker' | 'observer' {
  if (role === 'owner' || role === 'admin' || role === 'manager') return 'manager';
  if (role === 'observer') return 'observer';
  return 'broker';
}

/** Whether a member can be given customers, tasks and viewings (an observer only looks). */
export const ownsWork = (role: UserRole): boolean => role !== 'observer';

export interface SuccessorCandidate {
  id: string;
  role: UserRole;
  status: string;
  /** manages a team the removed member belongs to */
  managesHerTeam: boolean;
}

/**
 * Who takes over a removed member's work when the caller names nobody: the manager of her team, else
 * the member who asked (a manager or owner in chat), else the office's owner, else any manager. Never
 * herself, an inactive member or an observer.
 */
export function chooseSuccessor(
  removedId: string,
  candidates: readonly SuccessorCandidate[],
  actorId: string | undefined,
): string | undefined {
  const able = candidates.filter((c) => c.id !== removedId && c.status === 'active' && ownsWork(c.role));
  const first = (test: (c: SuccessorCandidate) => boolean) => able.find(test)?.id;
  return (
    first((c) => c.managesHerTeam) ??
    (actorId ? first((c) => c.id === actorId) : undefined) ??
    first((c) => c.role === 'owner') ??
    first((c) => c.role === 'admin' || c.role === 'manager')
  );
}
