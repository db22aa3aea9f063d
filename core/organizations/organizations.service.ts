// Offices: creating one (the organization, its owner, a default team with the owner as its manager,
// and the office's own `web` and `console` channel accounts, in one transaction), listing them, and
// the office named by NOVA_DEFAULT_ORG created empty on first start.
//
// These are the operator's calls (the `nova org` command, `nova start`): they make or list offices, so
// there is no office to scope them to yet. Everything done inside an office (members, channels) takes
// a Scope (systemScope(office.id) from the CLI).
import { randomBytes } from 'node:crypto';
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
import { PG, sqlState } from '../shared/errors.ts';
import { toE164 } from '../shared/phone.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { systemScope, type Via } from '../shared/scope.ts';
import { DEFAULT_TEAM_NAME, teamRoleOf } from '../teams/member-rules.ts';
import { atomically } from './atomically.ts';
import { deriveSlug, isTimeZone, normalizeSlug } from './office-rules.ts';

export type OrganizationErrorCode =
  | 'ORG.SLUG_TAKEN'
  | 'ORG.BAD_SLUG'
  | 'ORG.BAD_NAME'
  | 'ORG.BAD_PHONE'
  | 'ORG.BAD_TIME_ZONE';

export interface CreateOfficeInput {
  name: string;
  /** chosen by the operator; derived from the name otherwise */
  slug?: string;
  timeZone?: string;
  owner: { phone: string; name?: string };
}

export interface CreatedOffice {
  organizationId: string;
  slug: string;
  name: string;
  ownerId: string;
  ownerPhone: string;
  teamId: string;
  channelAccountIds: { web: string; console: string };
}

export interface OfficeSummary {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  /** active and invited (pending) members */
  members: number;
  channels: Array<{ kind: string; externalId: string; isEnabled: boolean }>;
}

/** The name an owner gets when the operator gives none. */
const DEFAULT_OWNER_NAME = 'المالك';
const MAX_NAME = 200;
const randomHex = () => randomBytes(3).toString('hex');

export function createOrganizationsService({
  db,
  defaultTimeZone = 'Asia/Riyadh',
}: {
  db: DbTx;
  defaultTimeZone?: string;
}) {
  /** The web and console accounts every office has (their external id is the office's slug). */
  async function builtInAccounts(tx: DbTx, organizationId: string, slug: string, name: string) {
    const ids: Record<'web' | 'console', string> = { web: '', console: '' };
    for (const kind of ['web', 'console'] as const) {
      const row = await tx.channelAccount.create({
        data: { organizationId, kind, externalId: slug, displayName: name, connectionState: 'connected' },
        select: { id: true },
      });
      ids[kind] = row.id;
    }
    return ids;
  }

  return {
    /** A new office with its owner (active), a default team he manages, and its web and console accounts. */
    async create(input: CreateOfficeInput, via: Via = 'cli'): Promise<Result<CreatedOffice, OrganizationErrorCode>> {
      const name = input.name.trim();
      if (!name || name.length > MAX_NAME) return err('ORG.BAD_NAME');
      const timeZone = input.timeZone?.trim() || defaultTimeZone;
      if (!isTimeZone(timeZone)) return err('ORG.BAD_TIME_ZONE', { timeZone });
      const ownerPhone = toE164(input.owner.phone);
      if (!ownerPhone) return err('ORG.BAD_PHONE');
      const ownerName = input.owner.name?.trim().slice(0, MAX_NAME) || DEFAULT_OWNER_NAME;
      let slug: string;
      if (input.slug !== undefined) {
        const given = normalizeSlug(input.slug);
        if (!given) return err('ORG.BAD_SLUG', { slug: input.slug });
        slug = given;
      } else {
        slug = deriveSlug(name, randomHex);
      }
      if (await db.organization.findUnique({ where: { slug }, select: { id: true } })) {
        return err('ORG.SLUG_TAKEN', { slug });
      }
      try {
        const created = await atomically(db, async (tx) => {
          const org = await tx.organization.create({ data: { name, slug, timeZone }, select: { id: true } });
          const owner = await tx.user.create({
            data: {
              organizationId: org.id,
              name: ownerName,
              phone: ownerPhone,
              role: 'owner',
              status: 'active',
              company: name,
              timeZone,
            },
            select: { id: true },
          });
          const team = await tx.team.create({
            data: { organizationId: org.id, name: DEFAULT_TEAM_NAME, managerId: owner.id },
            select: { id: true },
          });
          await tx.teamMember.create({
            data: { organizationId: org.id, teamId: team.id, userId: owner.id, role: teamRoleOf('owner') },
          });
          const channelAccountIds = await builtInAccounts(tx, org.id, slug, name);
          await audit(
            tx,
            { ...systemScope(org.id), via },
            {
              action: 'organization.created',
              entityType: 'organization',
              entityId: org.id,
              details: { slug, ownerId: owner.id, teamId: team.id },
              always: true,
            },
          );
          return { organizationId: org.id, ownerId: owner.id, teamId: team.id, channelAccountIds };
        });
        return ok({ ...created, slug, name, ownerPhone });
      } catch (error) {
        // Another office took the slug (or its web/console account ids) between the check and the insert.
        if (sqlState(error) === PG.uniqueViolation) return err('ORG.SLUG_TAKEN', { slug });
        throw error;
      }
    },

    /**
     * The office with this slug, created empty (no members yet, its web and console accounts) when it
     * does not exist: the office NOVA_DEFAULT_ORG names, on first start.
     */
    async ensure(
      slug: string,
      options: { name?: string; timeZone?: string; via?: Via } = {},
    ): Promise<Result<{ organizationId: string; created: boolean }, 'ORG.BAD_SLUG'>> {
      const found = await db.organization.findUnique({ where: { slug }, select: { id: true } });
      if (found) return ok({ organizationId: found.id, created: false });
      if (!normalizeSlug(slug) || normalizeSlug(slug) !== slug) return err('ORG.BAD_SLUG', { slug });
      const name = options.name?.trim() || slug;
      const timeZone = options.timeZone && isTimeZone(options.timeZone) ? options.timeZone : defaultTimeZone;
      try {
        const organizationId = await atomically(db, async (tx) => {
          const org = await tx.organization.create({ data: { name, slug, timeZone }, select: { id: true } });
          await builtInAccounts(tx, org.id, slug, name);
          await audit(
            tx,
            { ...systemScope(org.id), via: options.via ?? 'cli' },
            {
              action: 'organization.created',
              entityType: 'organization',
              entityId: org.id,
              details: { slug, empty: true },
              always: true,
            },
          );
          return org.id;
        });
        return ok({ organizationId, created: true });
      } catch (error) {
        if (sqlState(error) !== PG.uniqueViolation) throw error;
        // Two processes started at once: the other one made it.
        const again = await db.organization.findUnique({ where: { slug }, select: { id: true } });
        if (!again) throw error;
        return ok({ organizationId: again.id, created: false });
      }
    },

    async findBySlug(slug: string) {
      return db.organization.findUnique({
        where: { slug: slug.trim().toLowerCase() },
        select: { id: true, slug: true, name: true, timeZone: true },
      });
    },

    /** Every office with its number of members and its channel accounts, by slug. */
    async list(): Promise<OfficeSummary[]> {
      const rows = await db.organization.findMany({
        orderBy: { slug: 'asc' },
        select: {
          id: true,
          slug: true,
          name: true,
          timeZone: true,
          _count: { select: { users: { where: { status: { in: ['active', 'pending'] } } } } },
          channelAccounts: {
            orderBy: [{ kind: 'asc' }, { createdAt: 'asc' }],
            select: { kind: true, externalId: true, isEnabled: true },
          },
        },
      });
      return rows.map((r) => ({
        id: r.id,
        slug: r.slug,
        name: r.name,
        timeZone: r.timeZone,
        members: r._count.users,
        channels: r.channelAccounts,
      }));
    },
  };
}

export type OrganizationsService = ReturnType<typeof createOrganizationsService>;
