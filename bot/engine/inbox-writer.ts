// The inbox's writes, grouped: the messages that arrive while one write is in flight go together in the
// next statement (one INSERT, one commit), in their order of arrival, on a connection of their own
// (core/db/client.ts ingestSql). At a thousand webhooks a second that is a few dozen statements instead
// of a thousand commits, and a webhook's answer never waits behind the turns' statements for a
// connection of the main pool. A message that can never be stored fails alone: its group is written
// again one message at a time.
import { type Db, ingestSql } from '../../core/db/client.ts';
import { isUnstorable } from '../../core/shared/errors.ts';
import type { InboundMessage } from '../types.ts';

export interface InboxRow {
  organizationId: string;
  /** the message as it may be stored (storableMessage) */
  message: InboundMessage;
}

export interface StoredRow {
  id: string;
  /** stored before (a redelivery), or earlier in the same group */
  duplicate: boolean;
}

/** Most rows in one statement: a group stays a statement of a few hundred kilobytes. */
const MAX_ROWS = 500;

const keyOf = (accountId: string, externalId: string) => `${accountId}\u0000${externalId}`;

/** Writes rows in one statement; returns each row's id, in their order, and whether it was there before. */
export async function writeInboxRows(db: Db, rows: readonly InboxRow[]): Promise<StoredRow[]> {
  const json = rows.map((r) => ({
    organization_id: r.organizationId,
    channel_account_id: r.message.channelAccountId,
    external_id: r.message.externalId,
    chat_id: r.message.chatId,
    payload: r.message,
  }));
  // WITH ORDINALITY … ORDER BY: the rows take their seq (the chats' processing order) in arrival order.
  const inserted = await ingestSql(db)<{ id: string; account: string; external_id: string }>`
    INSERT INTO inbound_messages (organization_id, channel_account_id, external_id, chat_id, payload)
    SELECT m.organization_id, m.channel_account_id, m.external_id, m.chat_id, m.payload
    FROM ROWS FROM (jsonb_to_recordset(${JSON.stringify(json)}::jsonb) AS (organization_id uuid,
      channel_account_id uuid, external_id text, chat_id text, payload jsonb))
      WITH ORDINALITY AS m(organization_id, channel_account_id, external_id, chat_id, payload, n)
    ORDER BY m.n
    ON CONFLICT (channel_account_id, external_id) DO NOTHING
    RETURNING id::text AS id, channel_account_id::text AS account, external_id`;
  const fresh = new Map(inserted.map((r) => [keyOf(r.account, r.external_id), r.id]));
  const before = new Map<string, string>();
  const missing = rows.filter((r) => !fresh.has(keyOf(r.message.channelAccountId, r.message.externalId)));
  if (missing.length) {
    const found = await ingestSql(db)<{ id: string; account: string; external_id: string }>`
      SELECT id::text AS id, channel_account_id::text AS account, external_id FROM inbound_messages
      WHERE (channel_account_id, external_id) IN (
        SELECT * FROM unnest(${missing.map((r) => r.message.channelAccountId)}::uuid[],
          ${missing.map((r) => r.message.externalId)}::text[]))`;
    for (const r of found) before.set(keyOf(r.account, r.external_id), r.id);
  }
  // The first of a group's rows with a key is the new one; a later one with the same key is its repeat.
  const claimed = new Set<string>();
  return rows.map((r) => {
    const key = keyOf(r.message.channelAccountId, r.message.externalId);
    const id = fresh.get(key);
    if (id !== undefined && !claimed.has(key)) {
      claimed.add(key);
      return { id, duplicate: false };
    }
    const existing = id ?? before.get(key);
    if (existing === undefined) throw new Error('inbox: a row neither stored nor found');
    return { id: existing, duplicate: true };
  });
}

interface Waiting {
  row: InboxRow;
  resolve: (stored: StoredRow) => void;
  reject: (error: unknown) => void;
}

export function createInboxWriter(db: Db, write: typeof writeInboxRows = writeInboxRows) {
  const waiting: Waiting[] = [];
  let writing = false;

  async function drain() {
    while (waiting.length) {
      const group = waiting.splice(0, MAX_ROWS);
      try {
        const stored = await write(
          db,
          group.map((w) => w.row),
        );
        for (const [i, w] of group.entries()) w.resolve(stored[i]!);
      } catch (error) {
        if (group.length > 1 && isUnstorable(error)) {
          // One of them can never be stored: each on its own, so that only that one fails.
          for (const w of group) {
            await write(db, [w.row]).then(([stored]) => w.resolve(stored!), w.reject);
          }
        } else {
          for (const w of group) w.reject(error);
        }
      }
    }
    writing = false;
  }

  return {
    /** Stores the row with whatever else arrives meanwhile; resolves once it is committed. */
    write(row: InboxRow): Promise<StoredRow> {
      const stored = new Promise<StoredRow>((resolve, reject) => waiting.push({ row, resolve, reject }));
      if (!writing) {
        writing = true;
        // On the next microtask: the rows a caller writes in one go (a webhook's messages) share a group.
        queueMicrotask(() => void drain());
      }
      return stored;
    },
  };
}

export type InboxWriter = ReturnType<typeof createInboxWriter>;
