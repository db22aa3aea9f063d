// Who a user is in the organization and whose data he may see.
import type { DbTx } from '../db/client.ts';
import type { Scope } from '../shared/scope.ts';
import { can, type PermissionAction, type PermissionModule, type PermissionRow, type UserRole } from './permissions.ts';

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
}

export function createTeamsService({ db }: { db: DbTx }) {
  return {
    async memberByPhone(scope: Scope, phone: string): Promise<Member | null> {
      const user = await db.user.findUnique({
        where: { organizationId_phone: { organizationId: scope.organizationId, phone } },
        include: { teamMemberships: { include: { permissions: true, team: { include: { members: true } } } } },
      });
      if (user?.status !== 'active') return null;
      return this.toMember(user);
    },

    async memberById(scope: Scope, userId: string): Promise<Member | null> {
      const user = await db.user.findFirst({
        where: { id: userId, organizationId: scope.organizationId },
        include: { teamMemberships: { include: { permissions: true, team: { include: { members: true } } } } },
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
        role: string;
        permissions: PermissionRow[];
        team: { members: Array<{ userId: string }> };
      }>;
    }): Member {
      const permissions = user.teamMemberships.flatMap((m) => m.permissions);
      const seesAll = ['owner', 'admin'].includes(user.role) || can(user.role, permissions, 'crm', 'viewAll');
      const teamUserIds = user.teamMemberships.flatMap((m) => m.team.members.map((x) => x.userId));
      return {
        userId: user.id,
        organizationId: user.organizationId,
        name: user.name,
        phone: user.phone,
        role: user.role,
        language: user.language,
        timeZone: user.timeZone,
        permissions,
        visibleUserIds: seesAll ? 'all' : [...new Set([user.id, ...teamUserIds])],
      };
    },
  };
}

export function memberCan(member: Member, module: PermissionModule, action: PermissionAction): boolean {
  return can(member.role, member.permissions, module, action);
}
