// An office's members: adding one (by the operator's CLI, active at once; by a manager in chat,
// pending until her first message joins her), removing one with everything she handled given to a
// successor (nothing is lost: customers, open tasks, open requests, future viewings, pending
// follow-ups, listings and pending matches), listing them, and the join on her first message.
// Every call takes a Scope first; the changes write audit_log rows.
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
import { atomically } from '../organizations/atomically.ts';
import type { Clock } from '../shared/clock.ts';
import { PG, sqlState } from '../shared/errors.ts';
import { toE164 } from '../shared/phone.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import { foldForSearch, sameNameAcrossScripts } from '../shared/text.ts';
import { createMemberPermissionsService } from './member-permissions.service.ts';
import {
  chooseSuccessor,
  DEFAULT_TEAM_NAME,
  type MemberRole,
  managesMembers,
  mayGiveRole,
  ownsWork,
  teamRoleOf,
} from './member-rules.ts';
import { clashingAppointments, type MovedWork, moveWork } from './members.handover.ts';
import { createMembersQueries } from './members.queries.ts';
import type { UserRole } from './permissions.ts';

export type MemberErrorCode =
  | 'MEMBER.PHONE_TAKEN'
  | 'MEMBER.NOT_FOUND'
  | 'MEMBER.LAST_OWNER'
  | 'MEMBER.BAD_PHONE'
  | 'MEMBER.BAD_NAME'
  | 'MEMBER.FORBIDDEN'
  | 'MEMBER.SELF'
  | 'MEMBER.NO_SUCCESSOR'
  | 'MEMBER.BAD_SUCCESSOR'
  | 'MEMBER.TEAM_NOT_FOUND'
  | 'MEMBER.APPOINTMENT_CLASH';

export interface AddMemberInput {
  /** any spelling; stored in E.164 */
  phone: string;
  name: string;
  role: MemberRole;
  /** a team of the office by name; by default the team the acting manager runs, else the office's first */
  team?: string;
  /** 'pending' for an invitation in chat (her first message joins her); 'active' from the CLI */
  status?: 'active' | 'pending';
}

export interface AddedMember {
  userId: string;
  name: string;
  phone: string;
  role: MemberRole;
  status: 'active' | 'pending';
  teamId: string;
  teamName: string;
  officeName: string;
  /** a member removed earlier, added back */
  readded: boolean;
}

/** Who is removed: her id, or her phone in any spelling; `to` names who takes over (same forms). */
export interface RemoveMemberInput {
  userId?: string;
  phone?: string;
  to?: { userId?: string; phone?: string };
}

export type { MovedWork };

export interface RemovedMember {
  userId: string;
  name: string;
  successor: { id: string; name: string };
  moved: MovedWork;
  sessionsRevoked: number;
}

export interface OfficeMember {
  userId: string;
  name: string;
  phone: string;
  role: UserRole;
  status: 'active' | 'pending' | 'suspended';
  teams: string[];
}

const MAX_NAME = 200;

export function createMembersService({ db, clock }: { db: DbTx; clock: Clock }) {
  async function findUser(scope: Scope, who: { userId?: string; phone?: string }) {
    const phone = who.phone ? toE164(who.phone) : undefined;
    if (!who.userId && !phone) return null;
    return db.user.findFirst({
      where: {
        organizationId: scope.organizationId,
        ...(who.userId ? { id: who.userId } : { phone }),
      },
      select: { id: true, name: true, phone: true, role: true, status: true },
    });
  }

  /** The team a new member joins: the one named, else the one the acting manager runs, else the office's first. */
  async function teamFor(scope: Scope, name: string | undefined) {
    const teams = await db.team.findMany({
      where: { organizationId: scope.organizationId },
      orderBy: { createdAt: 'asc' },
      select: { id: true, name: true, managerId: true },
    });
    if (name) {
      const wanted = foldForSearch(name);
      const found = teams.find((t) => foldForSearch(t.name) === wanted);
      return found ? { team: found } : { missing: true as const };
    }
    return { team: teams.find((t) => scope.userId && t.managerId === scope.userId) ?? teams[0] };
  }

  /** The office's members (removed ones left out), with their teams; by role, then name. */
  async function list(scope: Scope, options: { teamOf?: string } = {}): Promise<OfficeMember[]> {
    const teamIds = options.teamOf
      ? (
          await db.teamMember.findMany({
            where: { organizationId: scope.organizationId, userId: options.teamOf },
            select: { teamId: true },
          })
        ).map((m) => m.teamId)
      : undefined;
    const users = await db.user.findMany({
      where: {
        organizationId: scope.organizationId,
        status: { in: ['active', 'pending', 'suspended'] },
        ...(teamIds
          ? { OR: [{ id: options.teamOf }, { teamMemberships: { some: { teamId: { in: teamIds } } } }] }
          : {}),
      },
      orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
      select: {
        id: true,
        name: true,
        phone: true,
        role: true,
        status: true,
        teamMemberships: { select: { team: { select: { name: true } } } },
      },
    });
    return users.map((u) => ({
      userId: u.id,
      name: u.name,
      phone: u.phone,
      role: u.role,
      status: u.status as OfficeMember['status'],
      teams: u.teamMemberships.map((m) => m.team.name),
    }));
  }

  return {
    // pages of members and teams, and permission rows (the admin API)
    ...createMembersQueries({ db }),
    ...createMemberPermissionsService({ db }),

    /** Adds a member to the office (or adds back one removed earlier). */
    async add(scope: Scope, input: AddMemberInput): Promise<Result<AddedMember, MemberErrorCode>> {
      if (!mayGiveRole(scope.role, input.role)) return err('MEMBER.FORBIDDEN', { role: input.role });
      const phone = toE164(input.phone);
      if (!phone) return err('MEMBER.BAD_PHONE');
      const name = input.name.trim().replace(/\s+/g, ' ');
      if (!name || name.length > MAX_NAME) return err('MEMBER.BAD_NAME');
      const status = input.status ?? 'active';
      const office = await db.organization.findUniqueOrThrow({
        where: { id: scope.organizationId },
        select: { name: true, timeZone: true },
      });
      const existing = await db.user.findUnique({
        where: { organizationId_phone: { organizationId: scope.organizationId, phone } },
        select: { id: true, name: true, status: true },
      });
      if (existing && existing.status !== 'inactive') {
        return err('MEMBER.PHONE_TAKEN', { userId: existing.id, name: existing.name, status: existing.status });
      }
      const chosen = await teamFor(scope, input.team);
      if ('missing' in chosen) return err('MEMBER.TEAM_NOT_FOUND', { team: input.team });
      const teamRole = teamRoleOf(input.role);
      const work = atomically(db, async (tx) => {
        const data = { name, role: input.role, status, timeZone: office.timeZone, company: office.name };
        const user = existing
          ? await tx.user.update({ where: { id: existing.id }, data, select: { id: true } })
          : await tx.user.create({
              data: { organizationId: scope.organizationId, phone, ...data },
              select: { id: true },
            });
        const team =
          chosen.team ??
          (await tx.team.create({
            data: {
              organizationId: scope.organizationId,
              name: DEFAULT_TEAM_NAME,
              managerId: teamRole === 'manager' ? user.id : null,
            },
            select: { id: true, name: true, managerId: true },
          }));
        await tx.teamMember.upsert({
          where: { teamId_userId: { teamId: team.id, userId: user.id } },
          update: { role: teamRole },
          create: { organizationId: scope.organizationId, teamId: team.id, userId: user.id, role: teamRole },
        });
        if (teamRole === 'manager' && !team.managerId) {
          await tx.team.updateMany({
            where: { id: team.id, organizationId: scope.organizationId },
            data: { managerId: user.id },
          });
        }
        await audit(tx, scope, {
          action: 'member.added',
          entityType: 'user',
          entityId: user.id,
          details: { role: input.role, status, teamId: team.id, readded: Boolean(existing) },
          always: true,
        });
        return { userId: user.id, teamId: team.id, teamName: team.name };
      });
      let added: Awaited<typeof work>;
      try {
        added = await work;
      } catch (error) {
        // The same phone added at the same moment by another request: it is hers now.
        if (sqlState(error) !== PG.uniqueViolation) throw error;
        const taken = await db.user.findUnique({
          where: { organizationId_phone: { organizationId: scope.organizationId, phone } },
          select: { id: true, name: true, status: true },
        });
        return err('MEMBER.PHONE_TAKEN', { userId: taken?.id, name: taken?.name, status: taken?.status });
      }
      return ok({
        ...added,
        name,
        phone,
        role: input.role,
        status,
        officeName: office.name,
        readded: Boolean(existing),
      });
    },

    /**
     * Removes a member: her work goes to the successor (`to`, or chooseSuccessor), her team places and
     * sign-in sessions end, her chats stop being a member's, and she becomes inactive. One transaction.
     */
    async remove(scope: Scope, input: RemoveMemberInput): Promise<Result<RemovedMember, MemberErrorCode>> {
      if (!managesMembers(scope.role)) return err('MEMBER.FORBIDDEN');
      const target = await findUser(scope, input);
      if (!target || target.status === 'inactive') return err('MEMBER.NOT_FOUND');
      if (scope.userId === target.id) return err('MEMBER.SELF');
      if (!mayGiveRole(scope.role, target.role)) return err('MEMBER.FORBIDDEN', { role: target.role });
      const organizationId = scope.organizationId;
      if (target.role === 'owner') {
        const owners = await db.user.count({
          where: { organizationId, role: 'owner', status: 'active', id: { not: target.id } },
        });
        if (owners === 0) return err('MEMBER.LAST_OWNER');
      }
      let successorId: string | undefined;
      if (input.to) {
        const named = await findUser(scope, input.to);
        if (!named || named.id === target.id || named.status !== 'active' || !ownsWork(named.role)) {
          return err('MEMBER.BAD_SUCCESSOR');
        }
        successorId = named.id;
      } else {
        const herTeams = await db.teamMember.findMany({
          where: { organizationId, userId: target.id },
          select: { team: { select: { managerId: true } } },
        });
        const managers = new Set(herTeams.map((m) => m.team.managerId).filter(Boolean));
        const candidates = await db.user.findMany({
          where: { organizationId, status: 'active' },
          orderBy: { createdAt: 'asc' },
          select: { id: true, role: true, status: true },
        });
        successorId = chooseSuccessor(
          target.id,
          candidates.map((c) => ({ ...c, managesHerTeam: managers.has(c.id) })),
          scope.userId,
        );
        if (!successorId) return err('MEMBER.NO_SUCCESSOR');
      }
      const successor = await db.user.findUniqueOrThrow({
        where: { id: successorId },
        select: { id: true, name: true, phone: true },
      });
      const now = clock.now();
      const clashes = await clashingAppointments(db, organizationId, target.id, successor.id, now);
      if (clashes > 0) return err('MEMBER.APPOINTMENT_CLASH', { count: clashes, successorName: successor.name });

      const removed = await atomically(db, async (tx) => {
        const moved = await moveWork(tx, organizationId, target, successor, now);
        const managed = await tx.team.findMany({
          where: { organizationId, managerId: target.id },
          select: { id: true },
        });
        for (const team of managed) {
          await tx.team.update({ where: { id: team.id }, data: { managerId: successor.id } });
          await tx.teamMember.upsert({
            where: { teamId_userId: { teamId: team.id, userId: successor.id } },
            update: { role: 'manager' },
            create: { organizationId, teamId: team.id, userId: successor.id, role: 'manager' },
          });
        }
        await tx.teamMember.deleteMany({ where: { organizationId, userId: target.id } });
        const sessions = await tx.authSession.updateMany({
          where: { organizationId, userId: target.id, revokedAt: null },
          data: { revokedAt: now },
        });
        // Her chats are a stranger's now: nothing is told to her as a member any more.
        await tx.contact.updateMany({
          where: { organizationId, userId: target.id },
          data: { userId: null, role: 'unknown' },
        });
        await tx.user.update({ where: { id: target.id }, data: { status: 'inactive' } });
        await audit(tx, scope, {
          action: 'member.removed',
          entityType: 'user',
          entityId: target.id,
          details: {
            role: target.role,
            successorId: successor.id,
            sessionsRevoked: sessions.count,
            ...Object.fromEntries(Object.entries(moved).map(([what, n]) => [`moved.${what}`, n])),
          },
          always: true,
        });
        return { moved, sessionsRevoked: sessions.count };
      });
      return ok({
        userId: target.id,
        name: target.name,
        successor: { id: successor.id, name: successor.name },
        ...removed,
      });
    },

    list,

    /** The members (active or invited) whose name is `name`: whole, first word, or in the other script. */
    async findByName(scope: Scope, name: string): Promise<OfficeMember[]> {
      const wanted = foldForSearch(name);
      if (!wanted) return [];
      const all = await list(scope);
      const exact = all.filter((m) => foldForSearch(m.name) === wanted);
      if (exact.length) return exact;
      return all.filter((m) => {
        const folded = foldForSearch(m.name);
        return (
          folded.split(' ')[0] === wanted || folded.startsWith(`${wanted} `) || sameNameAcrossScripts(name, m.name)
        );
      });
    },

    /**
     * An invited member's first message: pending → active (status and audit), or null when this phone
     * is no invited member of the office. The engine calls it before it identifies the sender.
     */
    async joinOnFirstMessage(
      scope: Scope,
      phone: string,
    ): Promise<{ userId: string; name: string; role: UserRole; officeName: string } | null> {
      const e164 = toE164(phone);
      if (!e164) return null;
      const user = await db.user.findUnique({
        where: { organizationId_phone: { organizationId: scope.organizationId, phone: e164 } },
        select: { id: true, name: true, role: true, status: true, organization: { select: { name: true } } },
      });
      if (user?.status !== 'pending') return null;
      const joined = await db.user.updateMany({
        where: { id: user.id, organizationId: scope.organizationId, status: 'pending' },
        data: { status: 'active', phoneVerified: true },
      });
      if (joined.count !== 1) return null;
      // The member herself acts: her first message is her consent to join.
      await audit(
        db,
        { ...scope, userId: user.id },
        {
          action: 'member.joined',
          entityType: 'user',
          entityId: user.id,
          always: true,
        },
      );
      return { userId: user.id, name: user.name, role: user.role, officeName: user.organization.name };
    },
  };
}

export type MembersService = ReturnType<typeof createMembersService>;
