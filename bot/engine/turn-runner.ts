// Runs the turns of one chat, one message at a time, in arrival order, exactly once:
// - per-chat serialization: a transaction-scoped advisory lock on the chat key; a worker that finds
//   the chat busy steps aside and its job ends (the holder takes the next messages; see processChat);
// - exactly once: the turn's domain changes, its replies (outbound rows with idempotency keys), the
//   dialog state and the message's "processed" mark commit in one transaction. A crash mid-turn rolls
//   everything back and the message is taken again; replies are queued for sending after commit;
// - error boundary: a turn that throws is answered politely with a reference id that is in the log,
//   and the chat moves on to its next message.
import { randomBytes } from 'node:crypto';
import type { Ai } from '../../core/ai/ai.port.ts';
import { createCore } from '../../core/core.ts';
import { type Db, type DbTx, sql, transaction } from '../../core/db/client.ts';
import { createDeferredQueue } from '../../core/jobs/deferred.queue.ts';
import type { JobQueue } from '../../core/jobs/job-map.ts';
import { createNotifier, type Notifier, type NotifyOptions } from '../../core/notifications/notify.ts';
import { type Clock, systemClock } from '../../core/shared/clock.ts';
import type { Logger } from '../../core/shared/logger.ts';
import { type Metrics, noMetrics, type TurnOutcome } from '../../core/shared/metrics.ts';
import { systemScope } from '../../core/shared/scope.ts';
import type { Media } from '../media.ts';
import { errorReply } from '../render/texts.ts';
import type { InboundMessage, OutboundMessage } from '../types.ts';
import { type AccountCache, createAccountCache } from './account-cache.ts';
import {
  type ContactInfo,
  type ConversationState,
  DIALOG_TTL_MS,
  type EngineTurn,
  newTurnContext,
  type TurnContext,
} from './context.ts';
import { DATABASE_DELIVERED } from './outbox.ts';

export interface TurnRunnerDeps {
  db: Db;
  clock: Clock;
  jobs: JobQueue;
  logger: Logger;
  pipeline: (ctx: EngineTurn) => Promise<void>;
  /** a message that broke this many turns (a crash each time) is given up with an apology */
  maxAttempts?: number;
  /** test hook: wait inside the transaction, so that a test can kill the process mid-turn */
  turnDelayMs?: number;
  media: Media;
  publicBaseUrl?: string;
  metrics?: Metrics;
  /** shared with the inbox: one read of an account per minute per process */
  accounts?: AccountCache;
  /** the optional AI helper, handed to each turn's core (core.ai) */
  ai?: Ai;
}

/**
 * 'claimed': the head message was claimed by a worker that has not started its turn yet (alive and
 * about to, or dead); the job looks again once the claim's grace is over, for that head only.
 */
type StepOutcome = 'idle' | 'busy' | 'done' | 'more' | { claimed: { inboundId: string; retryInMs: number } };
type Head = { id: string; organizationId: string; channelAccountId: string; chatId: string };

/** How long a fresh claim is respected while the chat lock is free (the claimer is between its claim and its turn). */
export const CLAIM_GRACE_MS = 5_000;

export function createTurnRunner(deps: TurnRunnerDeps) {
  const { db, clock, jobs, logger } = deps;
  const maxAttempts = deps.maxAttempts ?? 5;
  const metrics = deps.metrics ?? noMetrics;
  const accounts = deps.accounts ?? createAccountCache(db);
  /** The chats a processChat() loop of this process holds now, and whether a job left it a message since. */
  const inHand = new Map<string, { lookAgain: boolean }>();

  async function lockChat(tx: DbTx, chatKey: string): Promise<boolean> {
    const rows = await tx.$queryRaw<
      Array<{ locked: boolean }>
    >`SELECT pg_try_advisory_xact_lock(hashtextextended(${chatKey}, 0)) AS locked`;
    return rows[0]?.locked === true;
  }

  /** Blocks until the chat lock is ours (the function returns void: select it in FROM for a row). */
  async function waitForChat(tx: DbTx, chatKey: string): Promise<void> {
    await sql(tx)`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${chatKey}, 0))`;
  }

  /** Writes a turn's messages to one chat through notify(); keys `<prefix>:<index>` make them once-only. */
  async function writeReplies(
    notifier: Notifier,
    base: {
      organizationId: string;
      channelAccountId: string;
      contactId?: string | null;
      chatId: string;
      userId?: string | null;
    },
    keyPrefix: string,
    replies: OutboundMessage[],
    options?: NotifyOptions,
  ) {
    const scope = systemScope(base.organizationId);
    for (const [i, reply] of replies.entries()) await notifier.notify(scope, base, reply, `${keyPrefix}:${i}`, options);
  }

  /**
   * The end of a turn, in one statement: the replies given (rows of outbound_messages as notify()
   * writes a reply: keys `<message id>:<index>`, in order), the dialog state of the sender's
   * conversation (its version counts the turns; a waiting dialog expires DIALOG_TTL_MS from now), the
   * language he wrote in when it changed, and the message marked done. Returns the rows written by key;
   * a key already taken wrote nothing (the caller hands that reply to notify(), which finds its row).
   */
  async function saveTurn(
    tx: DbTx,
    head: Head,
    ctx: EngineTurn,
    outcome: 'processed' | 'ignored',
    replies: { messages: OutboundMessage[]; delivered: boolean },
  ): Promise<Map<string, string>> {
    const contactId = ctx.contact?.id ?? null;
    const expiresAt = ctx.state.dialog ? new Date(ctx.now.getTime() + DIALOG_TTL_MS) : null;
    const rows = replies.messages.map((payload, i) => ({ key: `${head.id}:${i}`, payload }));
    const [written] = await sql(tx)<{ replies: Array<{ id: string; key: string }> }>`
      WITH replies AS (
        INSERT INTO outbound_messages (organization_id, channel_account_id, contact_id, chat_id, idempotency_key, payload, status, sent_at)
        SELECT ${head.organizationId}::uuid, ${head.channelAccountId}::uuid, ${contactId}::uuid, ${head.chatId}::text,
          r.item->>'key', r.item->'payload', ${replies.delivered ? 'sent' : 'pending'}::outbound_status,
          ${replies.delivered ? clock.now() : null}::timestamptz
        FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS r(item, n)
        ORDER BY r.n
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id::text AS id, idempotency_key AS key
      ),
      conversation AS (
        INSERT INTO conversations (organization_id, contact_id, state, version, expires_at, last_message_at)
        SELECT ${head.organizationId}::uuid, ${contactId}::uuid, ${JSON.stringify(ctx.state)}::jsonb, 1,
          ${expiresAt}::timestamptz, ${ctx.now}::timestamptz
        WHERE ${contactId}::uuid IS NOT NULL
        ON CONFLICT (contact_id) DO UPDATE SET state = EXCLUDED.state, version = conversations.version + 1,
          expires_at = EXCLUDED.expires_at, last_message_at = EXCLUDED.last_message_at,
          updated_at = ${systemClock.now()}::timestamptz
      ),
      language AS (
        UPDATE contacts SET language = ${ctx.contact?.language ?? null}, updated_at = ${systemClock.now()}::timestamptz
        WHERE id = ${contactId}::uuid AND ${ctx.contact?.language ?? null}::text IS NOT NULL
          AND language IS DISTINCT FROM ${ctx.contact?.language ?? null}::text
      ),
      done AS (
        UPDATE inbound_messages SET status = ${outcome}::inbound_status, processed_at = ${ctx.now}::timestamptz
        WHERE id = ${head.id}::uuid
      )
      SELECT COALESCE((SELECT json_agg(json_build_object('id', id, 'key', key)) FROM replies), '[]'::json) AS replies`;
    return new Map((written?.replies ?? []).map((row) => [row.key, row.id]));
  }

  /** Gives up on a message with an apology (it broke the worker too often, or the turn threw). */
  async function giveUp(tx: DbTx, head: Head, ref: string, queue: JobQueue) {
    const row = await tx.inboundMessage.findUnique({ where: { id: head.id }, select: { payload: true } });
    await tx.inboundMessage.update({
      where: { id: head.id },
      data: { status: 'failed', error: `ref ${ref}`, processedAt: clock.now() },
    });
    const senderId = (row?.payload as unknown as InboundMessage | undefined)?.sender?.externalId ?? head.chatId;
    const contact = await tx.contact.findUnique({
      where: { channelAccountId_externalId: { channelAccountId: head.channelAccountId, externalId: senderId } },
      select: { id: true, language: true },
    });
    const lang = contact?.language === 'en' ? 'en' : 'ar';
    await writeReplies(
      createNotifier({ db: tx, jobs: queue, logger }),
      { ...head, contactId: contact?.id },
      `${head.id}:error`,
      [errorReply(lang, ref)],
    );
  }

  /**
   * Claims the chat's oldest pending message for a turn, or says why not: one statement (its own
   * transaction) that takes the chat lock, finds the head and marks it claimed. The claim is committed
   * before the turn, so that a turn that kills its worker still counts as an attempt. A message marked
   * processing whose chat is unlocked and whose claim is older than CLAIM_GRACE_MS belonged to a worker
   * that died: it is taken over. A message that used up its attempts is given up (a transaction of
   * its own, rare).
   */
  async function claim(channelAccountId: string, chatId: string, chatKey: string) {
    const now = systemClock.now();
    const graceBefore = new Date(now.getTime() - CLAIM_GRACE_MS);
    const [row] = await sql(db)<{
      locked: boolean;
      id: string | null;
      organization_id: string | null;
      status: string | null;
      attempts: number | null;
      claimed_at: Date | null;
      claimed: boolean;
      more: boolean;
    }>`
      WITH lock AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(hashtextextended(${chatKey}, 0)) AS ok),
      head AS MATERIALIZED (
        SELECT m.id, m.organization_id, m.status::text AS status, m.attempts, m.claimed_at
        FROM inbound_messages m, lock
        WHERE lock.ok AND m.channel_account_id = ${channelAccountId}::uuid AND m.chat_id = ${chatId}
          AND m.status IN ('received', 'processing')
        ORDER BY m.seq
        LIMIT 1),
      claimed AS (
        UPDATE inbound_messages m SET attempts = m.attempts + 1, status = 'processing', claimed_at = ${now}
        FROM head
        WHERE m.id = head.id AND head.attempts < ${maxAttempts}
          AND (head.status = 'received' OR head.claimed_at IS NULL OR head.claimed_at <= ${graceBefore})
        RETURNING m.id)
      SELECT lock.ok AS locked, head.id::text AS id, head.organization_id::text AS organization_id, head.status,
        head.attempts, head.claimed_at, EXISTS (SELECT 1 FROM claimed) AS claimed,
        EXISTS (
          SELECT 1 FROM inbound_messages o
          WHERE o.channel_account_id = ${channelAccountId}::uuid AND o.chat_id = ${chatId}
            AND o.status IN ('received', 'processing') AND o.id <> head.id
        ) AS more
      FROM lock LEFT JOIN head ON true`;
    if (!row?.locked) return { kind: 'busy' as const };
    if (!row.id || !row.organization_id) return { kind: 'idle' as const };
    const head: Head = { id: row.id, organizationId: row.organization_id, channelAccountId, chatId };
    if (row.claimed) return { kind: 'claimed' as const, head, more: row.more };
    if ((row.attempts ?? 0) >= maxAttempts) return giveUpHead(head, chatKey, row.attempts ?? 0);
    const claimAge = now.getTime() - (row.claimed_at?.getTime() ?? now.getTime());
    return { kind: 'claimed_elsewhere' as const, inboundId: head.id, retryInMs: CLAIM_GRACE_MS - claimAge + 100 };
  }

  /** Gives up a message that broke its worker maxAttempts times, under the chat lock. */
  async function giveUpHead(head: Head, chatKey: string, attempts: number) {
    const deferred = createDeferredQueue();
    const done = await db.$transaction(async (tx) => {
      if (!(await lockChat(tx, chatKey))) return false;
      const row = await tx.inboundMessage.findUnique({ where: { id: head.id }, select: { status: true } });
      if (row?.status !== 'received' && row?.status !== 'processing') return false;
      const ref = randomBytes(4).toString('hex');
      logger.error({ ref, inboundId: head.id, attempts }, 'message given up after repeated failures');
      await giveUp(tx, head, ref, deferred.queue);
      return true;
    });
    return done ? { kind: 'gave_up' as const, deferred } : { kind: 'busy' as const };
  }

  async function step(channelAccountId: string, chatId: string): Promise<StepOutcome> {
    const chatKey = `${channelAccountId}:${chatId}`;
    const claimed = await claim(channelAccountId, chatId, chatKey);
    if (claimed.kind === 'idle' || claimed.kind === 'busy') return claimed.kind;
    if (claimed.kind === 'claimed_elsewhere')
      return { claimed: { inboundId: claimed.inboundId, retryInMs: claimed.retryInMs } };
    if (claimed.kind === 'gave_up') {
      await flush(claimed.deferred);
      return 'done';
    }
    const { head } = claimed;
    const next = claimed.more ? 'more' : 'done';
    const deferred = createDeferredQueue();
    const started = performance.now();
    let outcome: TurnOutcome | undefined;
    try {
      // transaction(): the turn's own statements (sql()) run on its connection without Prisma.
      await transaction(
        db,
        async (tx) => {
          // One statement: waits for the chat lock (a claim of another worker may hold it for a moment;
          // nobody else turns this chat after it) and reads the message. FOR UPDATE reads the row as it
          // is once the lock is ours, not as the statement's snapshot, taken before the wait, saw it: a
          // worker that took the message over, or gave it up, changed it only while holding the lock.
          const [row] = await sql(tx)<{ status: string; payload: unknown }>`
            SELECT m.status::text AS status, m.payload
            FROM (SELECT pg_advisory_xact_lock(hashtextextended(${chatKey}, 0))) AS lock, inbound_messages m
            WHERE m.id = ${head.id}::uuid
            FOR UPDATE OF m`;
          if (row?.status !== 'processing') return;
          const inbound = row.payload as unknown as InboundMessage;
          const ctx = baseContext(tx, head.id, head.organizationId, inbound, deferred.queue);
          await deps.pipeline(ctx);
          if (deps.turnDelayMs) await new Promise((r) => setTimeout(r, deps.turnDelayMs));
          const notifier = ctx.core.notifications;
          const delivered = DATABASE_DELIVERED.has(ctx.channel.kind);
          const sender = { ...head, contactId: ctx.contact?.id };
          // The replies are written by the turn's last statement (one round trip fewer), unless the turn
          // also tells other chats: then they go first, as notify() writes them, so that rows keep the
          // order the turn made them in.
          const repliesAtEnd = ctx.notices.length === 0 ? ctx.replies : [];
          if (ctx.notices.length) await writeReplies(notifier, sender, head.id, ctx.replies, { delivered });
          for (const [i, notice] of ctx.notices.entries()) {
            // a notice to another chat is Nova speaking first to its reader: held in quiet hours, the
            // office's as the account cache has them (not read again for every notice)
            const account = await accounts.get(notice.channelAccountId);
            const ours = account?.organizationId === head.organizationId ? account : undefined;
            await writeReplies(
              notifier,
              { ...notice, organizationId: head.organizationId },
              `${head.id}:notice:${i}`,
              [notice.message],
              {
                initiated: true,
                delivered: account !== undefined && account !== null && DATABASE_DELIVERED.has(account.kind),
                ...(ours ? { office: { timeZone: ours.timeZone, quietHours: ours.quietHours } } : {}),
              },
            );
          }
          outcome = ctx.replies.length || ctx.text ? 'processed' : 'ignored';
          const written = await saveTurn(tx, head, ctx, outcome, { messages: repliesAtEnd, delivered });
          for (const [i, reply] of repliesAtEnd.entries()) {
            const key = `${head.id}:${i}`;
            const id = written.get(key);
            // a key already taken: notify() finds its row (and checks it is this office's) and queues it
            if (id === undefined)
              await notifier.notify(systemScope(head.organizationId), sender, reply, key, { delivered });
            else if (!delivered)
              await deferred.queue.enqueue(
                'outbound.send',
                { outboundId: id, channelAccountId: head.channelAccountId },
                { jobId: `outbound-${id}` },
              );
          }
        },
        { timeout: 30_000 + (deps.turnDelayMs ?? 0), maxWait: 10_000 },
      );
    } catch (error) {
      // The error boundary: the turn rolled back; answer politely, log a reference, move on.
      const ref = randomBytes(4).toString('hex');
      logger.error({ ref, inboundId: head.id, err: error }, 'turn failed');
      const apology = createDeferredQueue();
      await db.$transaction(async (tx) => {
        await waitForChat(tx, chatKey);
        const row = await tx.inboundMessage.findUnique({ where: { id: head.id }, select: { status: true } });
        if (row?.status === 'processing') await giveUp(tx, head, ref, apology.queue);
      });
      await flush(apology);
      metrics.turn('failed', (performance.now() - started) / 1000);
      return next;
    }
    if (outcome) metrics.turn(outcome, (performance.now() - started) / 1000);
    await flush(deferred);
    return next;
  }

  /** Queues what a committed transaction asked for (its sends first); the sweep covers a failure. */
  async function flush(deferred: ReturnType<typeof createDeferredQueue>) {
    await deferred
      .flush(jobs)
      .catch((error) => logger.warn({ err: error }, 'jobs not queued; the sweep will catch up'));
  }

  function baseContext(
    tx: DbTx,
    inboundId: string,
    organizationId: string,
    inbound: InboundMessage,
    queue: JobQueue,
  ): EngineTurn {
    return newTurnContext<EngineTurn>({
      inboundId,
      inbound,
      organizationId,
      channel: { accountId: inbound.channelAccountId, kind: 'memory' },
      // Filled in by the identify-actor middleware (contact, actor, state), which runs first.
      contact: undefined as unknown as ContactInfo,
      actor: undefined as unknown as TurnContext['actor'],
      lang: 'ar',
      tz: 'Asia/Riyadh',
      now: clock.now(),
      db: tx,
      account: (id) => accounts.get(id),
      core: createCore({ db: tx, clock, jobs: queue, logger, ai: deps.ai }),
      logger,
      state: {} as ConversationState,
      text: '',
      media: deps.media,
      publicBaseUrl: deps.publicBaseUrl,
    });
  }

  /** Whether the chat has a message waiting or in a turn: read without the lock, after releasing it. */
  async function hasPending(channelAccountId: string, chatId: string): Promise<boolean> {
    const rows = await sql(db)<{ pending: boolean }>`
      SELECT EXISTS (
        SELECT 1 FROM inbound_messages
        WHERE channel_account_id = ${channelAccountId}::uuid AND chat_id = ${chatId}
          AND status IN ('received', 'processing')
      ) AS pending`;
    return rows[0]?.pending === true;
  }

  return {
    /**
     * Processes the chat's pending messages in order until none is left or another worker holds the
     * chat. A job that finds the chat busy simply ends ('busy'): the holder takes every message of the
     * chat, its own included, and looks once more after releasing the chat (below), so no job ever
     * polls a busy chat and queued jobs stay one per message at most.
     *
     * Why the last look is enough: a job finds the chat busy only after its message was committed
     * (the inbox stores before it queues), and while the holder had the chat locked (in a turn, or in
     * a claim). The holder's look comes after it released the lock, so after the busy job's failed
     * try and so after that commit: it sees the message and goes round again. A message committed
     * after the look finds the chat free, and its own job takes it.
     *
     * Within one process the busy claim is skipped: a job whose chat a loop of this process holds marks
     * it (lookAgain) and ends, and the loop claims once more before it lets the chat go, whatever it
     * was about to return; that claim comes after the job's commit, so the argument above holds for it.
     *
     * A head claimed by another worker that has not begun its turn is the one case where nobody may
     * be holding the chat (that worker may have died between claim and turn): the caller looks again
     * after the claim's grace, once per claim.
     */
    async processChat(chatKey: string): Promise<Exclude<StepOutcome, 'done' | 'more'>> {
      // Held by a loop of this process: the job leaves its message to that loop, which looks once more
      // before it lets the chat go (below), without a claim statement that would only find it busy.
      const holder = inHand.get(chatKey);
      if (holder) {
        holder.lookAgain = true;
        return 'busy';
      }
      const mine = { lookAgain: false };
      inHand.set(chatKey, mine);
      try {
        const split = chatKey.indexOf(':');
        const channelAccountId = chatKey.slice(0, split);
        const chatId = chatKey.slice(split + 1);
        for (;;) {
          const outcome = await step(channelAccountId, chatId);
          // Another message waited behind the one just turned (the claim saw it): claim it straight away.
          if (outcome === 'more') continue;
          // Nothing was known to wait: one fresh look with the chat released (after a turn, or an empty
          // claim) catches a message whose job found the chat busy meanwhile.
          if ((outcome === 'done' || outcome === 'idle') && (await hasPending(channelAccountId, chatId))) continue;
          // A job left its message to this loop meanwhile: its message was committed before, so one more
          // claim, now, sees it (or finds the chat held elsewhere, whose holder looks after releasing it).
          // Checked and the chat let go in the same tick: a later job claims for itself.
          if (mine.lookAgain) {
            mine.lookAgain = false;
            continue;
          }
          return outcome === 'done' ? 'idle' : outcome;
        }
      } finally {
        inHand.delete(chatKey);
      }
    },
  };
}

export type TurnRunner = ReturnType<typeof createTurnRunner>;
