// Who a user is in the organization and whose data he may see.
import type { DbTx } from '../db/client.ts';
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

/** What toMember reads: the memberships (rows, teammates) and the teams he manages. */
const ACCESS_INCLUDE = {
  teamMemberships: { include: { permissions: true, team: { include: { members: { select: { userId: true } } } } } },
  teamsManaged: { include: { members: { select: { userId: true } } } },
} as const;

export function createTeamsService({ db }: { db: DbTx }) {
  return {
    async memberByPhone(scope: Scope, phone: string): Promise<Member | null> {
      const user = await db.user.findUnique({
        where: { organizationId_phone: { organizationId: scope.organizationId, phone } },
        include: ACCESS_INCLUDE,
      });
      if (user?.status !== 'active') return null;
      return this.toMember(user);
    },

    async memberById(scope: Scope, userId: string): Promise<Member | null> {
      const user = await db.user.findFirst({
        where: { id: userId, organizationId: scope.organizationId },
        include: ACCESS_INCLUDE,
      });
      return user ? this.toMember(user) : null;
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
      return db.user.findFirst({
        where: {
          organizationId: scope.organizationId,
          status: 'active',
          role: { in: ['owner', 'admin', 'manager', 'broker'] },
        },
        orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
        select: { id: true, name: true },
      });
    },

    toMember(user: {
      id: string;
      organizationId: string;
      name: string;
      phone: string;
      role: UserRole;
      language: string;
      timeZone: string;
      teamMemberships: Array<{
        permissions: PermissionRow[];
        team: { members: Array<{ userId: string }> };
      }>;
      teamsManaged?: Array<{ members: Array<{ userId: string }> }>;
    }): Member {
      // One row per module: a member of several teams keeps the first row of each module.
      const permissions: PermissionRow[] = [];
      for (const row of user.teamMemberships.flatMap((m) => m.permissions)) {
        if (!permissions.some((r) => r.module === row.module)) permissions.push(row);
      }
      // his teammates, and the members of the teams he manages
      const teamUserIds = [
        ...user.teamMemberships.flatMap((m) => m.team.members.map((x) => x.userId)),
        ...(user.teamsManaged ?? []).flatMap((t) => t.members.map((x) => x.userId)),
      ];
      return {
        userId: user.id,
        organizationId: user.organizationId,
        name: user.name,
        phone: user.phone,
        role: user.role,
        language: user.language,
        timeZone: user.timeZone,
        permissions,
        visibleUserIds: visibleUsersOf(user.role, permissions, user.id, teamUserIds),
      };
    },
  };
}

export function memberCan(member: Member, module: PermissionModule, action: PermissionAction): boolean {
  return can(member.role, member.permissions, module, action);
}
