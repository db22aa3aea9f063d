// The morning digest's reads and writes: which offices and members are due (Nova's own work across
// offices), the claim that makes a member's digest once per day across workers (an advisory lock, then
// a look for its outbound row), one member's day in one statement (viewings, tasks, follow-ups, new
// matches, leads gone quiet, marked "suggested once"), and a member's own switch. The rules (when, quiet hours) are pure, in
// core/notifications/daily-rhythm.ts; the words are the bot's (bot/jobs/digest.job.ts).
import { type DbTx, PREPARED, Prisma } from '../db/client.ts';
import { digestDueDate, digestKey, type RhythmSettings, rhythmSettings } from '../notifications/daily-rhythm.ts';
import type { MemberChat } from '../notifications/notify.ts';
import type { Clock } from '../shared/clock.ts';
import { addLocalDays, type LocalDate, startOfLocalDay } from '../shared/local-time.ts';
import type { Scope } from '../shared/scope.ts';

/** The roles that handle customers and get a digest (not an admin, not an observer). */
export const DIGEST_ROLES = ['owner', 'manager', 'broker', 'team_member'] as const;
/** The customer_activities type that marks a lead gone quiet as suggested (it is no activity itself). */
export const QUIET_SUGGESTED = 'quiet_suggested';
/** How many of each list a digest shows; the rest are counted. */
const SHOWN = { viewings: 8, tasks: 4, followups: 4, quiet: 3 } as const;
const OPEN_CUSTOMER = ['new', 'contacted', 'interested', 'negotiating'];

export interface DigestRecipient {
  id: string;
  name: string;
  timeZone: string;
  settings: RhythmSettings;
  /** null: he never wrote to Nova, there is no chat to write to */
  chat: MemberChat | null;
}

export interface DueOffice {
  organizationId: string;
  timeZone: string;
  settings: RhythmSettings;
  date: LocalDate;
}

export interface DigestTask {
  title: string;
  customerName: string | null;
  /** the instant when a time was given, else the start of its day */
  due: Date;
  timed: boolean;
}

export interface DigestFacts {
  viewings: Array<{ startsAt: Date; title: string; customerName: string | null; propertyRef: number | null }>;
  overdue: { total: number; shown: DigestTask[] };
  today: { total: number; shown: DigestTask[] };
  /** follow-up tasks due by tonight, and follow-ups that no task carries */
  followups: { total: number; shown: DigestTask[] };
  /** smart matches for him since the previous digest hour, still pending */
  newMatches: number;
  /** his open customers with no activity for goneQuietDays, not yet suggested in this quiet spell */
  goneQuiet: Array<{ customerId: string; name: string; lastActiveAt: Date }>;
}

interface TaskRow {
  bucket: 'overdue' | 'today' | 'followup';
  title: string;
  customer_name: string | null;
  due: string;
  timed: boolean;
}

export function createDigestService({ db, clock }: { db: DbTx; clock: Clock }) {
  return {
    /**
     * Offices whose digest is due now (their local time has passed the digest hour, within the hour):
     * Nova's own work, over every office. One statement; the rule is digestDueDate.
     */
    async dueOffices(now: Date = clock.now()): Promise<DueOffice[]> {
      const offices = await db.organization.findMany({ select: { id: true, timeZone: true, settings: true } });
      const due: DueOffice[] = [];
      for (const o of offices) {
        const settings = rhythmSettings(o.settings);
        const date = digestDueDate(now, o.timeZone, settings);
        if (date) due.push({ organizationId: o.id, timeZone: o.timeZone, settings, date });
      }
      return due;
    },

    /**
     * The members of these offices still without that day's digest: active, handling customers, not
     * switched off, and reachable (a chat with Nova; a member who never wrote gets none). One statement.
     */
    async membersWithoutDigest(
      offices: ReadonlyArray<{ organizationId: string; date: LocalDate }>,
    ): Promise<Array<{ organizationId: string; userId: string; date: LocalDate }>> {
      if (offices.length === 0) return [];
      return db.$queryRaw<Array<{ organizationId: string; userId: string; date: LocalDate }>>`
        SELECT u.organization_id::text AS "organizationId", u.id::text AS "userId", d.date
        FROM unnest(${offices.map((o) => o.organizationId)}::uuid[], ${offices.map((o) => o.date)}::text[])
          AS d(organization_id, date)
        JOIN users u ON u.organization_id = d.organization_id
        WHERE u.status = 'active' AND u.role::text = ANY(${[...DIGEST_ROLES]}::text[])
          AND coalesce(u.notification_settings->>'digest', '') <> 'false'
          AND NOT EXISTS (SELECT 1 FROM outbound_messages o WHERE o.idempotency_key = 'digest:' || u.id::text || ':' || d.date)
          AND EXISTS (SELECT 1 FROM contacts c WHERE c.organization_id = u.organization_id AND c.user_id = u.id)
        ORDER BY u.organization_id, u.id`;
    },

    /** The office's zone and rhythm settings (null: no such office). */
    async office(scope: Scope): Promise<{ timeZone: string; settings: RhythmSettings } | null> {
      const o = await db.organization.findUnique({
        where: { id: scope.organizationId },
        select: { timeZone: true, settings: true },
      });
      return o ? { timeZone: o.timeZone, settings: rhythmSettings(o.settings) } : null;
    },

    /**
     * Takes the member's digest of that day for this transaction (an advisory lock on its key: a second
     * worker waits here until the first commits, and its `facts(…, { key })` then finds the digest
     * written) and reads the member with his office's zone and rhythm and the chat he last wrote from.
     * Null when he is no active member who handles customers and wants the digest. One raw statement:
     * the digest runs once per member of every office, so its fixed costs count (bench/digest).
     */
    async lockAndLoad(scope: Scope, userId: string, date: LocalDate): Promise<DigestRecipient | null> {
      const [row] = await db.$queryRaw<
        Array<{
          id: string;
          name: string;
          notification_settings: unknown;
          time_zone: string;
          settings: unknown;
          contact_id: string | null;
          channel_account_id: string | null;
          external_id: string | null;
          language: string | null;
        }>
      >`
        SELECT u.id::text, u.name, u.notification_settings, o.time_zone, o.settings,
          c.id::text AS contact_id, c.channel_account_id::text, c.external_id, c.language
        FROM (SELECT pg_advisory_xact_lock(hashtextextended(${digestKey(userId, date)}, 0))) AS lock,
          users u
        JOIN organizations o ON o.id = u.organization_id
        -- the chat he last wrote from, as notifications.chatOfMember finds it
        LEFT JOIN LATERAL (
          SELECT id, channel_account_id, external_id, language FROM contacts
          WHERE organization_id = u.organization_id AND user_id = u.id
          ORDER BY last_inbound_at DESC NULLS LAST LIMIT 1) c ON true
        WHERE u.id = ${userId}::uuid AND u.organization_id = ${scope.organizationId}::uuid AND u.status = 'active'
          AND u.role::text = ANY(${[...DIGEST_ROLES]}::text[])`;
      if (!row || digestSwitchedOff(row.notification_settings)) return null;
      return {
        id: row.id,
        name: row.name,
        timeZone: row.time_zone,
        settings: rhythmSettings(row.settings),
        chat:
          row.contact_id && row.channel_account_id && row.external_id
            ? {
                channelAccountId: row.channel_account_id,
                chatId: row.external_id,
                contactId: row.contact_id,
                userId: row.id,
                lang: row.language === 'en' ? 'en' : 'ar',
              }
            : null,
      };
    },

    /** One member's day, in one statement. */
    /**
     * One member's day, in one statement (prepared). With `claim` (the digest's outbound key, under the
     * lock `lockAndLoad` took) it also says whether that digest was written already and, when not, marks
     * the quiet leads it shows as suggested, in the same statement: what a digest job writes besides
     * its message.
     */
    async facts(
      scope: Scope,
      userId: string,
      day: { date: LocalDate; timeZone: string; settings: RhythmSettings },
      claim?: { key: string },
    ): Promise<DigestFacts & { written: boolean }> {
      const now = clock.now();
      const org = scope.organizationId;
      const dayStart = startOfLocalDay(day.date, day.timeZone);
      const dayEnd = startOfLocalDay(addLocalDays(day.date, 1), day.timeZone);
      const since = new Date(now.getTime() - 86_400_000);
      const quietBefore = new Date(now.getTime() - day.settings.goneQuietDays * 86_400_000);
      // Prepared (PREPARED): planning this statement costs more than running it, once per member.
      const [row] = await db.$queryRaw<
        Array<{
          viewings: unknown;
          tasks: TaskRow[];
          counts: Record<string, number>;
          matches: number;
          quiet: unknown;
          written: boolean;
        }>
      >(Prisma.sql`${Prisma.raw(PREPARED)}
        WITH open_tasks AS (
          SELECT t.title, cu.name AS customer_name, t.due_at IS NOT NULL AS timed,
            coalesce(t.due_at, (t.due_date::timestamp AT TIME ZONE ${day.timeZone})) AS due,
            CASE
              WHEN t.type = 'follow_up' THEN 'followup'
              WHEN t.due_at < ${now} OR (t.due_at IS NULL AND t.due_date < ${day.date}::date) THEN 'overdue'
              ELSE 'today'
            END AS bucket
          FROM tasks t LEFT JOIN customers cu ON cu.id = t.customer_id
          WHERE t.organization_id = ${org}::uuid AND t.assigned_to_id = ${userId}::uuid
            AND t.status IN ('todo', 'in_progress', 'review')
            AND (t.due_at < ${dayEnd} OR (t.due_at IS NULL AND t.due_date <= ${day.date}::date))
          UNION ALL
          SELECT coalesce(f.notes, f.type), cu.name, true, f.due_at, 'followup'
          FROM customer_followups f JOIN customers cu ON cu.id = f.customer_id
          WHERE f.organization_id = ${org}::uuid AND f.user_id = ${userId}::uuid AND f.status = 'pending'
            AND f.due_at < ${dayEnd} AND f.task_id IS NULL
        ),
        ranked AS (
          SELECT *, row_number() OVER (PARTITION BY bucket ORDER BY due, title) AS n FROM open_tasks
        ),
        quiet AS (
          SELECT c.id AS "customerId", c.name, la.last_active AS "lastActiveAt"
          FROM customers c
          CROSS JOIN LATERAL (SELECT greatest(
              c.created_at,
              coalesce(c.last_contact, c.created_at),
              coalesce((SELECT max(a.created_at) FROM customer_activities a
                        WHERE a.customer_id = c.id AND a.type <> ${QUIET_SUGGESTED}), c.created_at),
              coalesce((SELECT max(i.occurred_at) FROM customer_interactions i WHERE i.customer_id = c.id), c.created_at)
            ) AS last_active) la
          WHERE c.organization_id = ${org}::uuid AND c.assigned_to_id = ${userId}::uuid
            AND c.status::text = ANY(${OPEN_CUSTOMER}::text[])
            AND c.created_at < ${quietBefore} AND coalesce(c.last_contact, c.created_at) < ${quietBefore}
            AND la.last_active < ${quietBefore}
            -- a viewing since (or still to come), an open task or a pending follow-up: not forgotten
            AND NOT EXISTS (SELECT 1 FROM appointments ap WHERE ap.user_id = ${userId}::uuid AND ap.customer_id = c.id
              AND ap.starts_at >= ${quietBefore} AND ap.status <> 'cancelled')
            AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.organization_id = ${org}::uuid
              AND t.assigned_to_id = ${userId}::uuid AND t.customer_id = c.id
              AND (t.status IN ('todo', 'in_progress', 'review') OR (t.status = 'done' AND t.completed_at >= ${quietBefore})))
            AND NOT EXISTS (SELECT 1 FROM customer_followups f WHERE f.organization_id = ${org}::uuid
              AND f.status = 'pending' AND f.customer_id = c.id)
            -- suggested once per quiet spell: a suggestion after his last activity ends it
            AND NOT EXISTS (SELECT 1 FROM customer_activities s WHERE s.customer_id = c.id
              AND s.type = ${QUIET_SUGGESTED} AND s.created_at >= la.last_active)
          ORDER BY la.last_active LIMIT ${SHOWN.quiet}
        ),
        written AS (
          SELECT EXISTS (SELECT 1 FROM outbound_messages
            WHERE idempotency_key = ${claim?.key ?? ''} AND organization_id = ${org}::uuid) AS done
        ),
        marked AS (
          INSERT INTO customer_activities (organization_id, customer_id, user_id, type, description, created_at)
          SELECT ${org}::uuid, q."customerId", ${userId}::uuid, ${QUIET_SUGGESTED},
            'suggested for a follow-up in the morning digest', ${now}::timestamptz
          FROM quiet q, written w
          WHERE ${claim !== undefined} AND NOT w.done
          RETURNING 1
        )
        SELECT
          (SELECT coalesce(json_agg(v ORDER BY v."startsAt"), '[]'::json) FROM (
             SELECT a.starts_at AS "startsAt", a.title, cu.name AS "customerName", p.ref_number AS "propertyRef"
             FROM appointments a
               LEFT JOIN customers cu ON cu.id = a.customer_id
               LEFT JOIN properties p ON p.id = a.property_id
             WHERE a.user_id = ${userId}::uuid AND a.organization_id = ${org}::uuid
               AND a.starts_at >= ${dayStart} AND a.starts_at < ${dayEnd} AND a.status IN ('scheduled', 'confirmed')
             ORDER BY a.starts_at LIMIT ${SHOWN.viewings}) v) AS viewings,
          (SELECT coalesce(json_agg(r ORDER BY r.bucket, r.n), '[]'::json) FROM ranked r
             WHERE r.n <= CASE r.bucket WHEN 'followup' THEN ${SHOWN.followups}::int ELSE ${SHOWN.tasks}::int END) AS tasks,
          (SELECT coalesce(json_object_agg(bucket, total), '{}'::json) FROM (
             SELECT bucket, count(*)::int AS total FROM open_tasks GROUP BY bucket) c) AS counts,
          (SELECT count(*)::int FROM smart_matches m
             WHERE m.broker_id = ${userId}::uuid AND m.organization_id = ${org}::uuid AND m.status = 'pending'
               AND m.created_at >= ${since}) AS matches,
          (SELECT coalesce(json_agg(q ORDER BY q."lastActiveAt"), '[]'::json) FROM quiet q) AS quiet,
          (SELECT done FROM written) AS written`);
      const tasks = (row?.tasks ?? []).map((t) => ({
        bucket: t.bucket,
        task: { title: t.title, customerName: t.customer_name, due: new Date(t.due), timed: t.timed },
      }));
      const bucket = (name: TaskRow['bucket']) => ({
        total: row?.counts?.[name] ?? 0,
        shown: tasks.filter((t) => t.bucket === name).map((t) => t.task),
      });
      const viewings = (row?.viewings ?? []) as Array<{
        startsAt: string;
        title: string;
        customerName: string | null;
        propertyRef: number | null;
      }>;
      const quiet = (row?.quiet ?? []) as Array<{ customerId: string; name: string; lastActiveAt: string }>;
      return {
        viewings: viewings.map((v) => ({ ...v, startsAt: new Date(v.startsAt) })),
        overdue: bucket('overdue'),
        today: bucket('today'),
        followups: bucket('followup'),
        newMatches: row?.matches ?? 0,
        goneQuiet: quiet.map((q) => ({ ...q, lastActiveAt: new Date(q.lastActiveAt) })),
        written: claim !== undefined && row?.written === true,
      };
    },

    /** The member's own switch of the digest (users.notification_settings.digest). */
    async setDigest(scope: Scope, userId: string, on: boolean): Promise<boolean> {
      const user = await db.user.findFirst({
        where: { id: userId, organizationId: scope.organizationId },
        select: { notificationSettings: true },
      });
      if (!user) return false;
      const current = asObject(user.notificationSettings);
      await db.user.updateMany({
        where: { id: userId, organizationId: scope.organizationId },
        data: { notificationSettings: { ...current, digest: on } },
      });
      return true;
    },
  };
}

const asObject = (json: unknown): Record<string, unknown> =>
  json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};

const digestSwitchedOff = (json: unknown) => asObject(json).digest === false;

export type DigestService = ReturnType<typeof createDigestService>;
