// Reads of an office's roster for the admin API: pages of members and of teams, one member. Whoever
// may settings.view reads them; like the chat's «فريقي», the office's owner and managers read the whole
// office with the members' phones, anyone else his own teams' members with no phone.
import { type DbTx, Prisma, type UserRole, type UserStatus } from '../db/client.ts';
import { toAsciiDigits } from '../shared/digits.ts';
import {
  inOrder,
  keyExpr,
  keysetAfter,
  keysetOrder,
  type Page,
  type PageRequest,
  type SortColumn,
  toPage,
} from '../shared/keyset.ts';
import type { Scope } from '../shared/scope.ts';
import { andAll, containsPattern, textList, uuidList } from '../shared/sql-filters.ts';
import { authorize } from './authorize.ts';
import { managesMembers } from './member-rules.ts';

/** What pages of members and of teams sort on (with the id as tie-breaker). */
export const ROSTER_SORTS = {
  createdAt: { column: 'created_at', kind: 'timestamp' },
  name: { column: 'name', kind: 'text' },
} as const satisfies Record<string, SortColumn>;
export type RosterSort = keyof typeof ROSTER_SORTS;

export interface MemberFilter {
  role?: UserRole[];
  /** active, pending (invited) or suspended; removed members (inactive) only when asked for */
  status?: UserStatus[];
  teamId?: string;
  /** part of the name, or of the phone for those who read phones */
  q?: string;
}

export interface RosterMember {
  /** the member's (user's) id */
  id: string;
  name: string;
  /** null for a reader who does not manage the office's members */
  phone: string | null;
  role: UserRole;
  status: UserStatus;
  teams: Array<{ id: string; name: string; role: 'manager' | 'broker' | 'observer' }>;
  createdAt: Date;
  updatedAt: Date;
}

export interface RosterTeam {
  id: string;
  name: string;
  description: string | null;
  manager: { id: string; name: string } | null;
  members: Array<{ userId: string; name: string; role: 'manager' | 'broker' | 'observer' }>;
  createdAt: Date;
}

const MEMBER_SELECT = {
  id: true,
  name: true,
  phone: true,
  role: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  teamMemberships: {
    select: { role: true, team: { select: { id: true, name: true } } },
    orderBy: { joinedAt: 'asc' },
  },
} as const;

export function createMembersQueries({ db }: { db: DbTx }) {
  /** Whom the scope's reads of the roster cover: the office (managers), else his teams' members. */
  async function reach(scope: Scope) {
    authorize(scope, 'settings', 'view', 'member.list');
    if (managesMembers(scope.role)) return { all: true as const };
    const userId = scope.userId;
    if (!userId) return { all: false as const, teamIds: [] as string[] };
    const own = await db.teamMember.findMany({
      where: { organizationId: scope.organizationId, userId },
      select: { teamId: true },
    });
    const teamIds = own.map((m) => m.teamId);
    const managed = await db.team.findMany({
      where: { organizationId: scope.organizationId, managerId: userId },
      select: { id: true },
    });
    return { all: false as const, teamIds: [...new Set([...teamIds, ...managed.map((t) => t.id)])] };
  }

  type Reach = Awaited<ReturnType<typeof reach>>;

  const reachWhere = (scope: Scope, r: Reach) =>
    r.all ? {} : { OR: [{ id: scope.userId ?? null }, { teamMemberships: { some: { teamId: { in: r.teamIds } } } }] };

  const present = (r: Reach, u: Awaited<ReturnType<typeof findMembers>>[number]): RosterMember => ({
    id: u.id,
    name: u.name,
    phone: r.all ? u.phone : null,
    role: u.role,
    status: u.status,
    teams: u.teamMemberships.map((m) => ({ id: m.team.id, name: m.team.name, role: m.role })),
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  });

  function findMembers(where: object, take: number) {
    return db.user.findMany({
      where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take,
      select: MEMBER_SELECT,
    });
  }

  return {
    /**
     * One page of the office's members the scope reads, in the page's order then by id. Removed members
     * (inactive) are left out unless `status` names them.
     */
    async memberPage(scope: Scope, filter: MemberFilter, page: PageRequest<RosterSort>): Promise<Page<RosterMember>> {
      const r = await reach(scope);
      const sort = ROSTER_SORTS[page.sort];
      const org = scope.organizationId;
      const q = filter.q?.trim();
      // a phone typed as 055… matches the stored +96655…
      const digits = toAsciiDigits(q ?? '')
        .replace(/\D/g, '')
        .replace(/^0+/, '');
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT u.id::text AS id, ${keyExpr(sort, 'u')} AS k
        FROM users u
        WHERE u.organization_id = ${org}::uuid${andAll([
          Prisma.sql`u.status::text IN ${textList(filter.status?.length ? filter.status : ['active', 'pending', 'suspended'])}`,
          !r.all &&
            Prisma.sql`(u.id = ${scope.userId ?? null}::uuid OR u.id IN (SELECT tm.user_id FROM team_members tm
              WHERE tm.organization_id = ${org}::uuid AND tm.team_id IN ${uuidList(r.teamIds)}))`,
          filter.role?.length && Prisma.sql`u.role::text IN ${textList(filter.role)}`,
          filter.teamId &&
            Prisma.sql`u.id IN (SELECT tm.user_id FROM team_members tm
              WHERE tm.organization_id = ${org}::uuid AND tm.team_id = ${filter.teamId}::uuid)`,
          q &&
            (r.all && digits && digits.length >= 3
              ? Prisma.sql`(u.name ILIKE ${containsPattern(q)} OR u.phone LIKE ${containsPattern(digits)})`
              : Prisma.sql`u.name ILIKE ${containsPattern(q)}`),
        ])}${keysetAfter(sort, page.direction, 'u', page.after)}
        ${keysetOrder(sort, page.direction, 'u')}
        LIMIT ${page.limit + 1}`;
      const { items, next } = toPage(keys, page.limit);
      const ids = items.map((k) => k.id);
      const rows = await findMembers({ id: { in: ids }, organizationId: org }, ids.length);
      return { items: inOrder(ids, rows).map((u) => present(r, u)), next };
    },

    /** One member the scope reads (removed ones too), or null. */
    async member(scope: Scope, userId: string): Promise<RosterMember | null> {
      const r = await reach(scope);
      const [row] = await findMembers(
        { id: userId, organizationId: scope.organizationId, AND: [reachWhere(scope, r)] },
        1,
      );
      return row ? present(r, row) : null;
    },

    /** One page of the office's teams (a member who does not manage the office: his own), page's order then id. */
    async teamPage(scope: Scope, page: PageRequest<RosterSort>): Promise<Page<RosterTeam>> {
      const r = await reach(scope);
      const sort = ROSTER_SORTS[page.sort];
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT t.id::text AS id, ${keyExpr(sort, 't')} AS k
        FROM teams t
        WHERE t.organization_id = ${scope.organizationId}::uuid${andAll([
          !r.all && Prisma.sql`t.id IN ${uuidList(r.teamIds)}`,
        ])}${keysetAfter(sort, page.direction, 't', page.after)}
        ${keysetOrder(sort, page.direction, 't')}
        LIMIT ${page.limit + 1}`;
      const { items, next } = toPage(keys, page.limit);
      const ids = items.map((k) => k.id);
      const rows = await db.team.findMany({
        where: { id: { in: ids }, organizationId: scope.organizationId },
        select: {
          id: true,
          name: true,
          description: true,
          createdAt: true,
          manager: { select: { id: true, name: true } },
          members: {
            select: { role: true, user: { select: { id: true, name: true } } },
            orderBy: { joinedAt: 'asc' },
          },
        },
      });
      return {
        items: inOrder(ids, rows).map((t) => ({
          id: t.id,
          name: t.name,
          description: t.description,
          manager: t.manager,
          members: t.members.map((m) => ({ userId: m.user.id, name: m.user.name, role: m.role })),
          createdAt: t.createdAt,
        })),
        next,
      };
    },
  };
}

export type MembersQueries = ReturnType<typeof createMembersQueries>;
