// Sends the outbox: each outbound row goes out once through its channel's adapter, with its
// idempotency key. Channels that live in the database (web chat, console, the in-memory test channel)
// are delivered by the row itself: their readers poll sent rows, from any process.
import { type Db, sql } from '../../core/db/client.ts';
import type { JobQueue } from '../../core/jobs/job-map.ts';
import { type Clock, systemClock } from '../../core/shared/clock.ts';
import { type Metrics, noMetrics } from '../../core/shared/metrics.ts';
import {
  type ChannelAdapter,
  type ChannelKind,
  fitToChannel,
  type OutboundMessage,
  type Pacer,
  RetryLaterError,
  UnsureSendError,
} from '../types.ts';
import { type AccountCache, createAccountCache } from './account-cache.ts';
import { isPlainNotice, mergeNotices } from './notice-batch.ts';

export const DATABASE_DELIVERED: ReadonlySet<ChannelKind> = new Set(['web', 'console', 'memory']);

export interface AdapterRegistry {
  /** by channel account id */
  get(channelAccountId: string): ChannelAdapter | undefined;
}

export function mapRegistry(
  map: Map<string, ChannelAdapter> = new Map(),
): AdapterRegistry & { set(id: string, a: ChannelAdapter): void } {
  return { get: (id) => map.get(id), set: (id, adapter) => void map.set(id, adapter) };
}

/**
 * How long a send job owns a row it claimed (status `sending`). Another job (a duplicate, the sweep's)
 * takes the row only after this: so two jobs never send one row, and a worker that died mid-send is
 * replaced. The channel's idempotency key covers a send that went out just before the crash.
 */
export const SEND_LEASE_MS = 120_000;

/**
 * How long a send that may have gone out (UnsureSendError) stays claimed: long enough for the channel's
 * delivery status to arrive and mark it sent (WhatsApp Cloud reports within seconds), short enough that
 * a send that really was lost goes out again soon.
 */
export const UNSURE_SEND_WAIT_MS = 30_000;

export interface OutboxDeps {
  db: Db;
  clock: Clock;
  adapters: AdapterRegistry;
  jobs: JobQueue;
  /** pacing per channel and recipient; none = send at once */
  pacer?: Pacer;
  metrics?: Metrics;
  /** shared with the inbox and the turns (account-cache.ts) */
  accounts?: AccountCache;
}

/** How many rows behind a notice are looked at for merging (notice-batch.ts takes at most 9 of them). */
const MAX_FOLLOWING = 9;

class MergeRace extends Error {}

type Row = {
  id: string;
  seq: bigint;
  channelAccountId: string;
  chatId: string;
  status: string;
  idempotencyKey: string;
  partsSent: number;
  payload: unknown;
  /** claimed by this job (claim): `sending` under this job's lease */
  ours?: true;
};

/** A row as the send statements select it, before toRow. */
type RawRow = {
  id: string;
  seq: string;
  channel_account_id: string;
  chat_id: string;
  status: string;
  idempotency_key: string;
  parts_sent: number;
  payload: unknown;
};

const toRow = (r: RawRow): Row => ({
  id: r.id,
  seq: BigInt(r.seq),
  channelAccountId: r.channel_account_id,
  chatId: r.chat_id,
  status: r.status,
  idempotencyKey: r.idempotency_key,
  partsSent: r.parts_sent,
  payload: r.payload,
});

/**
 * Sends one chat's rows in the order they were written, by one job at a time and without polling:
 * the job of a row that has an earlier row still waiting ends at once, and whoever sends a row goes on
 * to the chat's next waiting row. (The earlier row's job looks for the next row only after marking its
 * own sent; a later row's job ran after its row was committed; so one of the two always takes it.)
 */
export function createOutbox({
  db,
  clock,
  adapters,
  jobs,
  pacer,
  metrics = noMetrics,
  accounts = createAccountCache(db),
}: OutboxDeps) {
  const later = (row: Pick<Row, 'id' | 'channelAccountId'>, delayMs: number) =>
    jobs.enqueue(
      'outbound.send',
      { outboundId: row.id, channelAccountId: row.channelAccountId },
      { delayMs, jobId: `outbound-${row.id}-later-${Date.now()}` },
    );
  /** Rows not held by quiet hours (notify's `initiated`): a held row waits for the sweep, and holds up no other. */
  const notHeld = () => ({ OR: [{ notBefore: null }, { notBefore: { lte: clock.now() } }] });
  const kindOf = async (accountId: string): Promise<ChannelKind> => {
    const account = await accounts.get(accountId);
    if (!account) throw new Error(`unknown channel account ${accountId}`);
    return account.kind;
  };

  /**
   * Sends one row through its adapter: 'deferred' when it was queued again for later, else the row left
   * its chat's line (sent, cancelled, failed for good) and `next` is the chat's next waiting row, or null.
   * Throws a transient failure.
   */
  async function sendRow(
    row: Row,
    kind: ChannelKind,
    adapter: ChannelAdapter,
  ): Promise<'deferred' | { next: Row | null }> {
    const wait = pacer
      ? await beforeSend(row, () => pacer.reserve({ accountId: row.channelAccountId, kind }, row.chatId))
      : 0;
    if (wait > 0) {
      // Not now: the row goes back to waiting (a job's own row was claimed before the pacer was asked).
      if (row.ours) await unclaim(row.id);
      await later(row, wait);
      return 'deferred';
    }
    // A row not yet claimed (read first, or the chat's next) is claimed here: only one job moves it to
    // `sending`, and only with no earlier row of its chat waiting.
    if (!row.ours && !(await claim(row.id))) return 'deferred'; // another job has it, or it went out
    try {
      const message = fitToChannel(row.payload as OutboundMessage, adapter.capabilities);
      const result = await adapter.send(row.chatId, message, {
        idempotencyKey: row.idempotencyKey,
        partsSent: row.partsSent,
        // Recorded as each part goes out, so that a send cut between parts (a crash, a timeout) resumes
        // after the parts already shown, in whichever process takes it up.
        onPartSent: async (partsSent) => {
          await db.outboundMessage.updateMany({ where: { id: row.id, status: 'sending' }, data: { partsSent } });
        },
      });
      if (result.skipped) {
        metrics.send(kind, 'cancelled');
        return { next: (await finish(row, { status: 'cancelled', lastError: `skipped: ${result.skipped}` })).next };
      }
      const { finished, next } = await finish(row, { status: 'sent', externalId: result.externalId ?? null });
      // The channel need not look this send up again when its delivery report comes (whatsapp-cloud).
      if (finished) adapter.sentRecorded?.(row.idempotencyKey);
      metrics.send(kind, 'sent');
      return { next };
    } catch (error) {
      if (error instanceof UnsureSendError) {
        // It may have gone out: the row stays claimed (its lease now ends UNSURE_SEND_WAIT_MS from now) so
        // that a delivery status can mark it sent; only if none comes is it sent again.
        await db.outboundMessage.updateMany({
          where: { id: row.id, status: 'sending' },
          data: {
            lastError: error.message.slice(0, 500),
            updatedAt: new Date(systemClock.now().getTime() - SEND_LEASE_MS + UNSURE_SEND_WAIT_MS),
          },
        });
        metrics.send(kind, 'retry');
        await later(row, UNSURE_SEND_WAIT_MS + 1_000);
        return 'deferred';
      }
      // A permanent refusal (a number not on WhatsApp, a closed window) fails now rather than forever.
      const permanent = (error as { permanent?: boolean }).permanent === true;
      const lastError = error instanceof Error ? error.message.slice(0, 500) : String(error);
      metrics.send(kind, permanent ? 'failed' : 'retry');
      if (permanent) return { next: (await finish(row, { status: 'failed', lastError })).next };
      await db.outboundMessage.updateMany({
        where: { id: row.id, status: 'sending' },
        data: { status: 'pending', lastError },
      });
      if (error instanceof RetryLaterError) {
        // The channel asked us to slow down: try again then, without counting a failure.
        await later(row, error.retryAfterMs);
        return 'deferred';
      }
      throw error;
    }
  }

  /**
   * Takes the plain notices waiting right behind this one into it (notice-batch.ts): in one
   * transaction the row's payload becomes the merged message and the others are cancelled as merged
   * into it, so that a crash leaves either the notices apart or one message with all of them.
   */
  async function withWaitingNotices(row: Row): Promise<Row> {
    // Only a plain notice takes others in: a reply does not look (one query fewer per send).
    if (!isPlainNotice(row.payload as OutboundMessage)) return row;
    const following = await db.outboundMessage.findMany({
      where: {
        channelAccountId: row.channelAccountId,
        chatId: row.chatId,
        seq: { gt: row.seq },
        status: 'pending',
        ...notHeld(),
      },
      orderBy: { seq: 'asc' },
      take: MAX_FOLLOWING,
      select: { id: true, payload: true },
    });
    const merged = mergeNotices(
      row.payload as OutboundMessage,
      following.map((f) => f.payload as unknown as OutboundMessage),
    );
    if (!merged) return row;
    const taken = following.slice(0, merged.taken).map((f) => f.id);
    const done = await db
      .$transaction(async (tx) => {
        // the row as this job has it: claimed (its own row, `sending`) or still waiting (the chat's next)
        const first = await tx.outboundMessage.updateMany({
          where: { id: row.id, status: row.ours ? 'sending' : 'pending', partsSent: 0 },
          data: { payload: merged.message as unknown as object },
        });
        if (first.count !== 1) return false;
        const rest = await tx.outboundMessage.updateMany({
          where: { id: { in: taken }, status: 'pending' },
          data: { status: 'cancelled', lastError: `merged into ${row.id}` },
        });
        // Someone else moved one of them meanwhile: leave everything as it was.
        if (rest.count !== taken.length) throw new MergeRace();
        return true;
      })
      .catch((error) => {
        if (error instanceof MergeRace) return false;
        throw error;
      });
    return done ? { ...row, payload: merged.message } : row;
  }

  /**
   * The row, and whether an earlier row of its chat still waits to be sent (one statement), for a job
   * that did not say the row's channel account, or whose channel has no adapter in this process. A row
   * held by quiet hours holds up no other.
   */
  async function rowAndEarlier(
    outboundId: string,
  ): Promise<(Row & { notBefore: Date | null; earlier: boolean }) | null> {
    const now = clock.now();
    const [found] = await sql(db)<RawRow & { not_before: Date | null; earlier: boolean }>`
      SELECT o.id::text AS id, o.seq::text AS seq, o.channel_account_id::text AS channel_account_id, o.chat_id,
        o.status::text AS status, o.idempotency_key, o.parts_sent, o.payload, o.not_before,
        EXISTS (
          SELECT 1 FROM outbound_messages e
          WHERE e.channel_account_id = o.channel_account_id AND e.chat_id = o.chat_id AND e.seq < o.seq
            AND e.status IN ('pending', 'sending') AND (e.not_before IS NULL OR e.not_before <= ${now})
          FOR SHARE OF e -- see claim()
        ) AS earlier
      FROM outbound_messages o WHERE o.id = ${outboundId}::uuid`;
    if (!found) return null;
    return { ...toRow(found), notBefore: found.not_before, earlier: found.earlier };
  }

  /**
   * The claim of a row (straight on pg, core/db/client.ts sql(); updated_at is
   * the lease's clock, set as Prisma's @updatedAt would): the row becomes this job's (`sending`) when it
   * waits to be sent (pending, or claimed by a job whose lease ran out), is not held by quiet hours, and
   * no earlier row of its chat waits (a row held by quiet hours holds up no other). Returns the row, or
   * null when it is not this job's to send: already sent or ended, held, another job's, or behind an
   * earlier row, whose sender comes to it.
   *
   * FOR SHARE: an earlier row that its sender is ending right now (finish(), which also reads the chat's
   * next row, in one statement whose snapshot may predate this row) is waited for and read as it ends.
   * Without it, this job could see that row still `sending` while finish() did not see this one: both
   * would leave this row to the other, and it would wait for the sweep.
   */
  async function claim(outboundId: string): Promise<Row | null> {
    const now = systemClock.now();
    const due = clock.now();
    const [claimed] = await sql(db)<RawRow>`
      UPDATE outbound_messages o SET status = 'sending', attempts = o.attempts + 1, updated_at = ${now}
      WHERE o.id = ${outboundId}::uuid
        AND (o.status = 'pending' OR (o.status = 'sending' AND o.updated_at < ${new Date(now.getTime() - SEND_LEASE_MS)}))
        AND (o.not_before IS NULL OR o.not_before <= ${due})
        AND NOT EXISTS (
          SELECT 1 FROM outbound_messages e
          WHERE e.channel_account_id = o.channel_account_id AND e.chat_id = o.chat_id AND e.seq < o.seq
            AND e.status IN ('pending', 'sending') AND (e.not_before IS NULL OR e.not_before <= ${due})
          FOR SHARE OF e
        )
      RETURNING o.id::text AS id, o.seq::text AS seq, o.channel_account_id::text AS channel_account_id, o.chat_id,
        o.status::text AS status, o.idempotency_key, o.parts_sent, o.payload`;
    return claimed ? { ...toRow(claimed), ours: true } : null;
  }

  /**
   * Work before a send begins (the pacer, merging notices): when it fails, a row this job claimed is given
   * back at once, so that the job's retry (or the chat's next sender) finds it waiting, not leased.
   */
  async function beforeSend<T>(row: Row, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (row.ours) await unclaim(row.id).catch(() => undefined);
      throw error;
    }
  }

  /** Gives a claimed row back, not counted as an attempt (paced, or no adapter for it in this process). */
  async function unclaim(id: string): Promise<void> {
    await sql(db)`
      UPDATE outbound_messages SET status = 'pending', attempts = greatest(attempts - 1, 0), updated_at = ${systemClock.now()}
      WHERE id = ${id}::uuid AND status = 'sending'`;
  }

  return { send };

  /**
   * Sends a row, then the chat's rows waiting behind it. `channelAccountId`: the row's, as the job that
   * asks for it says (a job of an older shape, or one about another process's channel, reads the row first).
   */
  async function send(outboundId: string, channelAccountId?: string): Promise<void> {
    if (!/^[0-9a-f-]{36}$/i.test(outboundId)) return; // not a row id (a job of an unknown shape)
    const ours = channelAccountId ? adapters.get(channelAccountId) : undefined;
    let first: Row;
    let adapter: ChannelAdapter;
    if (ours) {
      // The usual send: this process has the channel's adapter, and the claim is the first statement.
      // Messages of one chat go out in the order they were written: a row behind an earlier one
      // waiting is not claimed, and the earlier one's sender comes to it.
      const claimed = await claim(outboundId);
      if (!claimed) return;
      if (claimed.channelAccountId !== channelAccountId) {
        await unclaim(claimed.id); // a job whose data does not match its row: the row's account decides
        return send(outboundId);
      }
      first = claimed;
      adapter = ours;
    } else {
      const found = await rowAndEarlier(outboundId);
      if (!found || found.status === 'sent' || found.status === 'cancelled' || found.status === 'failed') return;
      if (found.notBefore && found.notBefore > clock.now()) return; // quiet hours: the sweep sends it at their end
      const { earlier, notBefore: _, ...row } = found;
      const here = adapters.get(row.channelAccountId);
      if (!here) {
        const kind = await kindOf(row.channelAccountId);
        if (!DATABASE_DELIVERED.has(kind)) {
          // The process that owns this channel sends it; the sweep keeps it queued until then.
          throw new Error(`no ${kind} adapter for account ${row.channelAccountId} in this process`);
        }
        await sql(db)`
            UPDATE outbound_messages SET status = 'sent', sent_at = ${clock.now()}, updated_at = ${systemClock.now()}
            WHERE id = ${row.id}::uuid AND status IN ('pending', 'sending')`;
        return;
      }
      if (earlier) return; // its sender will come to this one
      first = row;
      adapter = here;
    }
    const kind = await beforeSend(first, () => kindOf(first.channelAccountId));
    let row: Row = first;
    for (;;) {
      let outcome: Awaited<ReturnType<typeof sendRow>>;
      try {
        // (A message partly sent keeps its parts: nothing is merged into it.)
        if ((row.ours || row.status === 'pending') && row.partsSent === 0)
          row = await beforeSend(row, () => withWaitingNotices(row));
        outcome = await sendRow(row, kind, adapter);
      } catch (error) {
        // The job's own row is retried by the queue with backoff; a row taken on the way gets its own job.
        if (row.id === first.id) throw error;
        await later(row, 1_000);
        return;
      }
      if (outcome === 'deferred' || !outcome.next) return;
      row = outcome.next;
    }
  }

  /**
   * Ends a row this job was sending (sent, cancelled, failed for good) and reads the chat's next row
   * waiting to be sent (not held by quiet hours): one statement, as every send ends with both.
   * `finished`: the row was still this job's to end.
   */
  async function finish(
    row: Row,
    end: { status: 'sent' | 'cancelled' | 'failed'; externalId?: string | null; lastError?: string },
  ): Promise<{ finished: boolean; next: Row | null }> {
    const now = clock.now();
    const [after] = await sql(db)<{ finished: boolean } & Partial<RawRow>>`
      WITH finished AS (
        UPDATE outbound_messages
        SET status = ${end.status}::outbound_status,
          sent_at = CASE WHEN ${end.status}::text = 'sent' THEN ${now}::timestamptz ELSE sent_at END,
          external_id = COALESCE(${end.externalId ?? null}::text, external_id), last_error = ${end.lastError ?? null},
          updated_at = ${systemClock.now()}
        WHERE id = ${row.id}::uuid AND status = 'sending'
        RETURNING id)
      SELECT EXISTS (SELECT 1 FROM finished) AS finished, n.*
      FROM (SELECT 1) AS one LEFT JOIN LATERAL (
        SELECT o.id::text AS id, o.seq::text AS seq, o.channel_account_id::text AS channel_account_id, o.chat_id,
          o.status::text AS status, o.idempotency_key, o.parts_sent, o.payload
        FROM outbound_messages o
        WHERE o.channel_account_id = ${row.channelAccountId}::uuid AND o.chat_id = ${row.chatId}
          AND o.seq > ${row.seq.toString()}::bigint AND o.status = 'pending'
          AND (o.not_before IS NULL OR o.not_before <= ${now})
        ORDER BY o.seq LIMIT 1) AS n ON true`;
    return { finished: after?.finished === true, next: after?.id ? toRow(after as RawRow) : null };
  }
}

export type Outbox = ReturnType<typeof createOutbox>;
