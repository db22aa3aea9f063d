// A member's permission rows (one per team membership and module: the design documents' matrix):
// reading them with what they resolve to, and setting them. A member reads his own; the office's owner
// and managers read anyone's and set the rows of the members they may manage (never their own, so
// that nobody widens his own rights). Rows never restrict an owner or an admin (permissions.ts); they
// are stored for them all the same. Setting rows is audited (modules only).
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
import { atomically } from '../organizations/atomically.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import { authorize, ForbiddenError } from './authorize.ts';
import { managesMembers, mayGiveRole } from './member-rules.ts';
import type { MemberErrorCode } from './members.service.ts';
import {
  type PermissionAction,
  type PermissionModule,
  type PermissionRow,
  resolveMatrix,
  type UserRole,
} from './permissions.ts';

export interface MembershipRows {
  teamId: string;
  teamName: string;
  rows: PermissionRow[];
}

export interface MemberPermissions {
  userId: string;
  role: UserRole;
  /** the member's last change, rows included (setting rows touches it): the version updates are checked against */
  updatedAt: Date;
  /** the rows of each of his teams, first joined first */
  memberships: MembershipRows[];
  /** the rows that apply: the first of each module across his teams */
  effective: PermissionRow[];
  /** what he may do, module → action (rows over his role's defaults) */
  matrix: Record<PermissionModule, Record<PermissionAction, boolean>>;
}

export interface SetPermissionsInput {
  /** the membership whose rows these are; by default his first team */
  teamId?: string;
  /** the rows of that membership, at most one per module; a module left out goes back to the role's defaults */
  rows: PermissionRow[];
}

const ROW_SELECT = {
  module: true,
  canView: true,
  canCreate: true,
  canEdit: true,
  canDelete: true,
  canExport: true,
  canPublish: true,
  canAssign: true,
  canViewAll: true,
} as const;

export function createMemberPermissionsService({ db }: { db: DbTx }) {
  async function read(scope: Scope, userId: string): Promise<MemberPermissions | null> {
    const user = await db.user.findFirst({
      where: { id: userId, organizationId: scope.organizationId, status: { not: 'inactive' } },
      select: {
        id: true,
        role: true,
        updatedAt: true,
        teamMemberships: {
          orderBy: { joinedAt: 'asc' },
          select: {
            teamId: true,
            team: { select: { name: true } },
            permissions: { select: ROW_SELECT, orderBy: { module: 'asc' } },
          },
        },
      },
    });
    if (!user) return null;
    const memberships = user.teamMemberships.map((m) => ({
      teamId: m.teamId,
      teamName: m.team.name,
      rows: m.permissions,
    }));
    const effective: PermissionRow[] = [];
    for (const row of memberships.flatMap((m) => m.rows)) {
      if (!effective.some((r) => r.module === row.module)) effective.push(row);
    }
    return {
      userId: user.id,
      role: user.role,
      updatedAt: user.updatedAt,
      memberships,
      effective,
      matrix: resolveMatrix(user.role, effective),
    };
  }

  return {
    /** The member's rows and what they resolve to: his own, or anyone's for the owner and managers. */
    async permissionsOf(scope: Scope, userId: string): Promise<MemberPermissions | null> {
      authorize(scope, 'settings', 'view', 'member.permissions');
      if (scope.userId !== userId && !managesMembers(scope.role)) {
        throw new ForbiddenError('settings', 'viewAll', 'member.permissions');
      }
      return read(scope, userId);
    },

    /** Replaces the rows of one of the member's memberships (settings.edit, and managing him). */
    async setPermissions(
      scope: Scope,
      userId: string,
      input: SetPermissionsInput,
    ): Promise<Result<MemberPermissions, MemberErrorCode>> {
      if (!managesMembers(scope.role)) return err('MEMBER.FORBIDDEN');
      authorize(scope, 'settings', 'edit', 'member.permissions');
      const target = await db.user.findFirst({
        where: { id: userId, organizationId: scope.organizationId, status: { not: 'inactive' } },
        select: { id: true, role: true },
      });
      if (!target) return err('MEMBER.NOT_FOUND');
      if (target.id === scope.userId) return err('MEMBER.SELF');
      if (!mayGiveRole(scope.role, target.role)) return err('MEMBER.FORBIDDEN', { role: target.role });
      const membership = await db.teamMember.findFirst({
        where: {
          organizationId: scope.organizationId,
          userId: target.id,
          ...(input.teamId ? { teamId: input.teamId } : {}),
        },
        orderBy: { joinedAt: 'asc' },
        select: { id: true, teamId: true },
      });
      if (!membership) return err('MEMBER.TEAM_NOT_FOUND', { team: input.teamId ?? null });
      const modules = input.rows.map((r) => r.module);
      if (new Set(modules).size !== modules.length) throw new Error('one permission row per module');
      await atomically(db, async (tx) => {
        await tx.permission.deleteMany({
          where: { organizationId: scope.organizationId, teamMemberId: membership.id, module: { notIn: modules } },
        });
        for (const { module, ...flags } of input.rows) {
          await tx.permission.upsert({
            where: { teamMemberId_module: { teamMemberId: membership.id, module } },
            update: flags,
            create: { organizationId: scope.organizationId, teamMemberId: membership.id, module, ...flags },
          });
        }
        // the member's version moves with his rows (the admin API's ETag and If-Match)
        await tx.$executeRaw`UPDATE users SET updated_at = now() WHERE id = ${target.id}::uuid`;
        await audit(tx, scope, {
          action: 'member.permissions_set',
          entityType: 'user',
          entityId: target.id,
          details: { teamId: membership.teamId, modules },
        });
      });
      return ok((await read(scope, target.id))!);
    },
  };
}

export type MemberPermissionsService = ReturnType<typeof createMemberPermissionsService>;
