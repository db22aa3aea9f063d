// The one guard of core: every command that writes on behalf of a member starts with
// authorize(scope, module, action), and reads of other people's data are narrowed to the users the
// scope sees. Contacts (a homeowner, a client) and Nova's own work keep their own rules: the guard
// concerns members only.
//
// A refusal is thrown (ForbiddenError), not returned: it is the same for every command, so each edge
// maps it once (the chat engine answers «ما عندك صلاحية …» and keeps the conversation where it was, the
// admin API answers 403), no command grows an error code its callers must remember to handle, and the
// refusal comes before the command reads or writes anything. docs/roles.md says more.
import type { Scope } from '../shared/scope.ts';
import { can, isUserRole, type PermissionAction, type PermissionModule, type UserRole } from './permissions.ts';

export const FORBIDDEN = 'AUTH.FORBIDDEN';

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
  readonly code = FORBIDDEN;
  constructor(
    readonly module: PermissionModule,
    readonly action: PermissionAction,
    /** the refused command, dotted (`sale.record`), so that the edge can name it */
    readonly command?: string,
  ) {
    super(`${FORBIDDEN}: ${command ?? `${module}.${action}`}`);
  }
}

export const isForbidden = (error: unknown): error is ForbiddenError =>
  error instanceof ForbiddenError || (error as { code?: unknown } | null)?.code === FORBIDDEN;

/** The scope of a member acting (not a contact, not Nova itself, not a scope without a role). */
export function actingMember(scope: Scope): (Scope & { userId: string; role: UserRole }) | undefined {
  return isUserRole(scope.role) && scope.userId ? (scope as Scope & { userId: string; role: UserRole }) : undefined;
}

/** Whether the scope may do `action` on `module`; always for contacts and for Nova's own work. */
export function may(scope: Scope, module: PermissionModule, action: PermissionAction): boolean {
  if (!isUserRole(scope.role)) return true;
  // a member's scope without its acting user is a bug of the caller: nothing is allowed
  if (!scope.userId) return false;
  return can(scope.role, scope.permissions ?? [], module, action);
}

/** Throws ForbiddenError unless the scope may do `action` on `module`. */
export function authorize(scope: Scope, module: PermissionModule, action: PermissionAction, command?: string): void {
  if (!may(scope, module, action)) throw new ForbiddenError(module, action, command);
}

/** Whose data the scope sees: 'all' for contacts and Nova's work, else the member's visible users. */
export function visibleUsers(scope: Scope): readonly string[] | 'all' {
  const member = actingMember(scope);
  if (!isUserRole(scope.role)) return 'all';
  if (!member) return [];
  if (scope.visibleUserIds) return scope.visibleUserIds;
  return can(member.role, scope.permissions ?? [], 'crm', 'viewAll') ? 'all' : [member.userId];
}

/**
 * Whether the scope sees the data of this user (a customer's assignee, a task's, an appointment's
 * broker). Data assigned to nobody is the office's: every member reaches it (to take it on).
 */
export function sees(scope: Scope, userId: string | null | undefined): boolean {
  const visible = visibleUsers(scope);
  if (visible === 'all' || !userId) return true;
  return visible.includes(userId);
}

/**
 * The users a read is about: what the caller asked for (none: everyone), narrowed to whom the scope
 * sees. A member who sees only his team never gets more, whatever the caller passes.
 */
export function narrowUsers(scope: Scope, requested?: readonly string[] | 'all'): string[] | 'all' {
  const visible = visibleUsers(scope);
  if (requested === undefined || requested === 'all') return visible === 'all' ? 'all' : [...visible];
  return visible === 'all' ? [...requested] : requested.filter((id) => visible.includes(id));
}

/**
 * A Prisma filter on `field` (an assignee) for the rows the scope sees: of its users, or of nobody;
 * {} when it sees all. Spread it into a `where` that has no `AND` of its own.
 */
export function visibleWhere<F extends string>(scope: Scope, field: F) {
  const users = narrowUsers(scope);
  if (users === 'all') return {};
  return { AND: [{ OR: [{ [field]: { in: users } }, { [field]: null }] }] } as {
    AND: Array<{ OR: Array<Record<F, { in: string[] } | null>> }>;
  };
}

/**
 * Refuses a report on users beyond the ones the scope sees (analytics.viewAll is what the whole office
 * takes); a member always sees his own figures with analytics.view.
 */
export function authorizeUsers(
  scope: Scope,
  users: readonly string[] | 'all',
  module: PermissionModule,
  command?: string,
) {
  authorize(scope, module, 'view', command);
  const visible = visibleUsers(scope);
  if (visible === 'all') return;
  const beyond = users === 'all' || users.some((id) => !visible.includes(id));
  if (beyond) authorize(scope, module, 'viewAll', command);
}
