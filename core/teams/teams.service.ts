// Who a user is in the organization and whose data he may see.
import { type DbTx, sql } from '../db/client.ts';
import type { Scope, Via } from '../shared/scope.ts';
import {
  can,
  type PermissionAction,
  type PermissionModule,
  type PermissionRow,
  type UserRole,
  visibleUsersOf,
} from './permissions.ts';

export interface Member {
  userId: string;
  organizationId: string;
  name: string;
  phone: string;
  role: UserRole;
  language: string;
  timeZone: string;
  permissions: PermissionRow[];
  /** users whose customers, tasks and deals this user sees (himself included) */
  visibleUserIds: string[] | 'all';
  /** the channel this member writes from in the current turn (set by the engine; memberScope carries it) */
  via?: Via;
}

/**
 * A user with what toMember needs, read in one statement (the lookup runs on every message and API
 * call): a row of the view member_access, as sql() gives it or as its JSON (row_to_json) in another
 * statement (core/contacts identify).
 */
export interface AccessRow {
  id: string;
  organization_id: string;
  name: string;
  phone: string;
  role: UserRole;
  status: string;
  language: string;
  time_zone: string;
  /** his permission rows, in the order of his memberships */
  permissions: PermissionRow[];
  /** his teammates and the members of the teams he manages */
  team_user_ids: string[];
}

/** Who a phone is in the office: an active member, someone invited who has not written yet, or (null) neither. */
export type Person = { kind: 'member'; member: Member } | { kind: 'invited' };

export function createTeamsService({ db }: { db: DbTx }) {
  async function accessOf(organizationId: string, by: { phone: string } | { id: string }): Promise<AccessRow | null> {
    const phone = 'phone' in by ? by.phone : null;
    const id = 'id' in by ? by.id : null;
    // Straight on pg and prepared once per connection (core/db/client.ts sql()): every message asks it.
    // One text for both lookups: the side whose value is null matches nothing. The row is the view
    // member_access (its migration says what it holds); the turn's contact upsert reads the same view.
    const [row] = await sql(db)<AccessRow>`
      SELECT a.id::text, a.organization_id::text, a.name, a.phone, a.role, a.status, a.language, a.time_zone,
        a.permissions, a.team_user_ids
      FROM member_access a
      WHERE a.organization_id = ${organizationId}::uuid AND (a.phone = ${phone}::text OR a.id = ${id}::uuid)`;
    return row ?? null;
  }

  const personOf = (row: AccessRow | null): Person | null => {
    if (row?.status === 'active') return { kind: 'member', member: memberOf(row) };
    return row?.status === 'pending' ? { kind: 'invited' } : null;
  };

  const memberOf = (row: AccessRow): Member =>
    toMember({
      id: row.id,
      organizationId: row.organization_id,
      name: row.name,
      phone: row.phone,
      role: row.role,
      language: row.language,
      timeZone: row.time_zone,
      permissions: row.permissions,
      teamUserIds: row.team_user_ids,
    });

  return {
    async memberByPhone(scope: Scope, phone: string): Promise<Member | null> {
      const row = await accessOf(scope.organizationId, { phone });
      return row?.status === 'active' ? memberOf(row) : null;
    },

    /**
     * Who this phone is in the office, in one read (the engine asks for every message): an active
     * member, someone invited who has not written yet ('pending', see members.joinOnFirstMessage), or
     * neither.
     */
    async personByPhone(scope: Scope, phone: string): Promise<Person | null> {
      return personOf(await accessOf(scope.organizationId, { phone }));
    },

    /** personByPhone's answer for a row of member_access another statement read (or null: nobody). */
    personOf,

    async memberById(scope: Scope, userId: string): Promise<Member | null> {
      const row = await accessOf(scope.organizationId, { id: userId });
      return row ? memberOf(row) : null;
    },

    /** The active members among `userIds` (or the whole office), by name: a manager's report on one broker. */
    async membersNamed(scope: Scope, userIds: string[] | 'all'): Promise<Array<{ id: string; name: string }>> {
      return db.user.findMany({
        where: {
          organizationId: scope.organizationId,
          status: 'active',
          ...(userIds === 'all' ? {} : { id: { in: userIds } }),
        },
        select: { id: true, name: true },
      });
    },

    /** The office's broker for a homeowner or client who writes in: the manager first, else any active broker. */
    async officeBroker(scope: Scope): Promise<{ id: string; name: string } | null> {
      // sql(): every new client's or homeowner's first request asks it. Roles sort in user_role's order.
      const [broker] = await sql(db)<{ id: string; name: string }>`
        SELECT id::text, name FROM users
        WHERE organization_id = ${scope.organizationId}::uuid AND status = 'active'
          AND role IN ('owner', 'admin', 'manager', 'broker')
        ORDER BY role, created_at
        LIMIT 1`;
      return broker ?? null;
    },
  };
}

/** A member from his user row, permission rows and teammates. */
function toMember(user: {
  id: string;
  organizationId: string;
  name: string;
  phone: string;
  role: UserRole;
  language: string;
  timeZone: string;
  permissions: PermissionRow[];
  teamUserIds: string[];
}): Member {
  // One row per module: a member of several teams keeps the first row of each module.
  const permissions: PermissionRow[] = [];
  for (const row of user.permissions) {
    if (!permissions.some((r) => r.module === row.module)) permissions.push(row);
  }
  return {
    userId: user.id,
    organizationId: user.organizationId,
    name: user.name,
    phone: user.phone,
    role: user.role,
    language: user.language,
    timeZone: user.timeZone,
    permissions,
    visibleUserIds: visibleUsersOf(user.role, permissions, user.id, user.teamUserIds),
  };
}

export function memberCan(member: Member, module: PermissionModule, action: PermissionAction): boolean {
  return can(member.role, member.permissions, module, action);
}
