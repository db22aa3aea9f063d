// /members and /teams: the office's roster, for its owner and managers: listing members (with their
// phones) and teams, adding a member, removing one (her customers, tasks, viewings and listings go to a
// successor: nothing is lost), and each member's permission rows. Other members read their own teams
// (no phones) and their own rows. Core decides (core/teams: members.service.ts, member-permissions).
import type { Core } from '../../../core/core.ts';
import { ok } from '../../../core/shared/result.ts';
import type { MemberPermissions } from '../../../core/teams/member-permissions.service.ts';
import { MEMBER_ROLES } from '../../../core/teams/member-rules.ts';
import type { RosterMember, RosterTeam } from '../../../core/teams/members.queries.ts';
import { ROSTER_SORTS } from '../../../core/teams/members.queries.ts';
import { ACTIONS, MODULES, USER_ROLES } from '../../../core/teams/permissions.ts';
import { answer, defineResource, failure, fromResult, operation } from '../kit.ts';
import { csv, IdParams, iso, pageOf, pageQuery, sortQuery, Timestamp, z } from '../schemas.ts';

const STATUSES = ['active', 'pending', 'suspended', 'inactive'] as const;
const TEAM_ROLES = ['manager', 'broker', 'observer'] as const;

const Member = z
  .object({
    id: z.uuid(),
    name: z.string(),
    phone: z
      .string()
      .nullable()
      .openapi({ description: "E.164, for the office's owner and managers; null for others" }),
    role: z.enum(USER_ROLES),
    status: z
      .enum(STATUSES)
      .openapi({ description: 'pending: invited, joins on her first message; inactive: removed' }),
    teams: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.enum(TEAM_ROLES) })),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Member');

const memberJson = (m: RosterMember) => ({
  id: m.id,
  name: m.name,
  phone: m.phone,
  role: m.role,
  status: m.status,
  teams: m.teams,
  createdAt: iso(m.createdAt),
  updatedAt: iso(m.updatedAt),
});

const Team = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string().nullable(),
    manager: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    members: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.enum(TEAM_ROLES) })),
    createdAt: Timestamp,
  })
  .openapi('Team');

const teamJson = (t: RosterTeam) => ({
  id: t.id,
  name: t.name,
  description: t.description,
  manager: t.manager,
  members: t.members.map((m) => ({ id: m.userId, name: m.name, role: m.role })),
  createdAt: iso(t.createdAt),
});

const flags = {
  canView: z.boolean(),
  canCreate: z.boolean(),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
  canExport: z.boolean(),
  canPublish: z.boolean(),
  canAssign: z.boolean(),
  canViewAll: z.boolean(),
};
const PermissionRow = z.object({ module: z.enum(MODULES), ...flags }).openapi('PermissionRow');

const Permissions = z
  .object({
    memberId: z.uuid(),
    role: z.enum(USER_ROLES),
    memberships: z.array(z.object({ teamId: z.uuid(), teamName: z.string(), rows: z.array(PermissionRow) })),
    effective: z
      .array(PermissionRow)
      .openapi({ description: 'the rows that apply: the first of each module across her teams' }),
    matrix: z
      .record(z.enum(MODULES), z.record(z.enum(ACTIONS), z.boolean()))
      .openapi({ description: "module → action → allowed: her rows over her role's defaults (docs/roles.md)" }),
    updatedAt: Timestamp,
  })
  .openapi('MemberPermissions');

const permissionsJson = (p: MemberPermissions) => ({
  memberId: p.userId,
  role: p.role,
  memberships: p.memberships,
  effective: p.effective,
  matrix: p.matrix,
  updatedAt: iso(p.updatedAt),
});

const permissionsVersion = (p: MemberPermissions) => ({ id: p.userId, updatedAt: p.updatedAt });

const ListQuery = z.object({
  ...pageQuery,
  sort: sortQuery(['createdAt', 'name'] as const, 'createdAt'),
  role: csv(z.enum(USER_ROLES)).optional().openapi({ description: 'comma-separated' }),
  status: csv(z.enum(STATUSES))
    .optional()
    .openapi({ description: 'comma-separated; default: active, pending and suspended (not removed ones)' }),
  teamId: z.uuid().optional(),
  q: z.string().trim().min(1).max(100).optional().openapi({ description: 'part of the name (or of the phone)' }),
});

const TeamsQuery = z.object({ ...pageQuery, sort: sortQuery(['createdAt', 'name'] as const, 'createdAt') });

const NewMember = z
  .object({
    phone: z
      .string()
      .trim()
      .min(5)
      .max(40)
      .openapi({ example: '0551234567', description: 'any spelling; stored in E.164' }),
    name: z.string().trim().min(1).max(200).openapi({ example: 'ليلى' }),
    role: z.enum(MEMBER_ROLES).openapi({ description: 'owner only by an owner' }),
    team: z.string().trim().min(1).max(100).optional().openapi({ description: "a team's name; default: yours" }),
    status: z
      .enum(['active', 'pending'])
      .default('active')
      .openapi({ description: 'pending: an invitation, she joins on her first message to Nova' }),
  })
  .openapi('NewMember');

const RemoveQuery = z.object({
  to: z.uuid().optional().openapi({ description: 'who takes over her work; default: her team manager, else you' }),
});

const Removed = z
  .object({
    id: z.uuid(),
    name: z.string(),
    successor: z.object({ id: z.uuid(), name: z.string() }),
    moved: z.object({
      customers: z.number().int(),
      tasks: z.number().int(),
      requests: z.number().int(),
      appointments: z.number().int(),
      followups: z.number().int(),
      properties: z.number().int(),
      offers: z.number().int(),
      matches: z.number().int(),
      reminders: z.number().int(),
      remindersDropped: z.number().int(),
    }),
    sessionsRevoked: z.number().int(),
  })
  .openapi('RemovedMember');

const SetPermissions = z
  .object({
    teamId: z.uuid().optional().openapi({ description: 'which of her teams the rows are of; default: her first' }),
    rows: z
      .array(PermissionRow)
      .max(MODULES.length)
      .refine((rows) => new Set(rows.map((r) => r.module)).size === rows.length, { message: 'one row per module' })
      .openapi({ description: "the membership's rows; a module left out goes back to the role's defaults" }),
  })
  .openapi('SetPermissions');

/** The member as the scope reads him, after a write of this transaction. */
async function reread(core: Core, scope: Parameters<Core['members']['member']>[0], id: string) {
  const m = await core.members.member(scope, id);
  if (!m) throw new Error('a member just written is not found');
  return ok(m);
}

export const membersResource = defineResource(
  'members',
  "The office's members, for its owner and managers (others read their own teams), and permission rows.",
  [
    operation({
      operationId: 'listMembers',
      method: 'get',
      path: '/members',
      summary: 'List members',
      description:
        'The owner and managers read the whole office with phones; other members their own teams, without phones.',
      query: ListQuery,
      success: { status: 200, description: 'a page of members', schema: pageOf(Member, 'MemberPage') },
      handler: async ({ core, scope, query, pageRequest, pageAnswer }) => {
        const req = pageRequest(query, ROSTER_SORTS);
        const page = await core.members.memberPage(
          scope,
          { role: query.role, status: query.status, teamId: query.teamId, q: query.q },
          req,
        );
        return pageAnswer(query, page, memberJson);
      },
    }),
    operation({
      operationId: 'addMember',
      method: 'post',
      path: '/members',
      summary: 'Add a member',
      description:
        'Owner and managers (an owner is added only by an owner). A member removed earlier is added back. ' +
        'Nobody is messaged: an active member signs in with her phone; a pending one joins on her first message.',
      body: NewMember,
      success: { status: 201, description: 'the member', schema: Member },
      errors: [
        'MEMBER.FORBIDDEN',
        'MEMBER.PHONE_TAKEN',
        'MEMBER.BAD_PHONE',
        'MEMBER.BAD_NAME',
        'MEMBER.TEAM_NOT_FOUND',
      ],
      handler: async ({ write, scope, body }) =>
        fromResult(
          await write(async (core) => {
            const added = await core.members.add(scope, body);
            return added.ok ? reread(core, scope, added.value.userId) : added;
          }),
          memberJson,
          { version: (m) => m },
        ),
    }),
    operation({
      operationId: 'getMember',
      method: 'get',
      path: '/members/{id}',
      summary: 'Get a member',
      params: IdParams,
      success: { status: 200, description: 'the member', schema: Member },
      errors: ['MEMBER.NOT_FOUND'],
      handler: async ({ core, scope, params }) => {
        const m = await core.members.member(scope, params.id);
        return m ? answer(memberJson(m), { version: m }) : failure('MEMBER.NOT_FOUND');
      },
    }),
    operation({
      operationId: 'removeMember',
      method: 'delete',
      path: '/members/{id}',
      summary: 'Remove a member',
      description:
        'Owner and managers. Her customers, open tasks and requests, future viewings, follow-ups, listings and ' +
        "pending matches go to `to` (or her team's manager, else you); her sign-ins end at once.",
      params: IdParams,
      query: RemoveQuery,
      success: { status: 200, description: 'who took over what', schema: Removed },
      errors: [
        'MEMBER.FORBIDDEN',
        'MEMBER.NOT_FOUND',
        'MEMBER.SELF',
        'MEMBER.LAST_OWNER',
        'MEMBER.NO_SUCCESSOR',
        'MEMBER.BAD_SUCCESSOR',
        'MEMBER.APPOINTMENT_CLASH',
      ],
      handler: async ({ write, scope, params, query }) =>
        fromResult(
          await write((core) =>
            core.members.remove(scope, { userId: params.id, ...(query.to ? { to: { userId: query.to } } : {}) }),
          ),
          (r) => ({
            id: r.userId,
            name: r.name,
            successor: r.successor,
            moved: r.moved,
            sessionsRevoked: r.sessionsRevoked,
          }),
        ),
    }),
    operation({
      operationId: 'getMemberPermissions',
      method: 'get',
      path: '/members/{id}/permissions',
      summary: "A member's permission rows",
      description: "Your own, or anyone's for the owner and managers: the rows of each team and what they resolve to.",
      params: IdParams,
      success: { status: 200, description: 'her rows and matrix', schema: Permissions },
      errors: ['MEMBER.NOT_FOUND'],
      handler: async ({ core, scope, params }) => {
        const p = await core.members.permissionsOf(scope, params.id);
        return p ? answer(permissionsJson(p), { version: permissionsVersion(p) }) : failure('MEMBER.NOT_FOUND');
      },
    }),
    operation({
      operationId: 'setMemberPermissions',
      method: 'put',
      path: '/members/{id}/permissions',
      summary: "Set a member's permission rows",
      description:
        'Owner and managers, for members they manage (never their own). Replaces the rows of one of her teams; ' +
        'an observer still never writes and a team member never deletes or assigns, whatever a row says. Send ' +
        'the ETag you read as If-Match.',
      params: IdParams,
      body: SetPermissions,
      ifMatch: true,
      success: { status: 200, description: 'her rows and matrix', schema: Permissions },
      errors: ['MEMBER.FORBIDDEN', 'MEMBER.NOT_FOUND', 'MEMBER.SELF', 'MEMBER.TEAM_NOT_FOUND'],
      handler: async ({ write, scope, params, body, ifMatch }) =>
        fromResult(
          await write(async (core) => {
            const current = await core.members.permissionsOf(scope, params.id);
            if (!current) return { ok: false, error: { code: 'MEMBER.NOT_FOUND' } } as const;
            ifMatch(permissionsVersion(current));
            return core.members.setPermissions(scope, params.id, body);
          }),
          permissionsJson,
          { version: permissionsVersion },
        ),
    }),
  ],
);

export const teamsResource = defineResource('teams', "The office's teams and their members.", [
  operation({
    operationId: 'listTeams',
    method: 'get',
    path: '/teams',
    summary: 'List teams',
    description: 'The owner and managers read every team; other members their own.',
    query: TeamsQuery,
    success: { status: 200, description: 'a page of teams', schema: pageOf(Team, 'TeamPage') },
    handler: async ({ core, scope, query, pageRequest, pageAnswer }) => {
      const req = pageRequest(query, ROSTER_SORTS);
      return pageAnswer(query, await core.members.teamPage(scope, req), teamJson);
    },
  }),
]);
