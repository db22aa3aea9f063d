// How the engine tests read "each message turned once, in arrival order" from the database: a turn writes
// its replies under keys that start with its message's id, so a chat's replies in the order they were
// written name its turns in order.
import type { Db } from '../../core/db/client.ts';

/** Per chat, the arrival positions (inbound seq) of the messages whose turns wrote replies, in writing order. */
export async function turnsByChat(db: Db, channelAccountId: string, chatIds: string[]): Promise<Map<string, bigint[]>> {
  const messages = await db.inboundMessage.findMany({
    where: { channelAccountId, chatId: { in: chatIds } },
    select: { id: true, seq: true },
  });
  const seqOf = new Map(messages.map((m) => [m.id, m.seq]));
  const replies = await db.outboundMessage.findMany({
    where: { channelAccountId, chatId: { in: chatIds } },
    select: { chatId: true, idempotencyKey: true },
    orderBy: { seq: 'asc' },
  });
  const turns = new Map<string, bigint[]>(chatIds.map((chat) => [chat, []]));
  const seen = new Set<string>();
  for (const reply of replies) {
    const inboundId = reply.idempotencyKey.split(':')[0]!;
    const seq = seqOf.get(inboundId);
    if (seq === undefined || seen.has(inboundId)) continue;
    seen.add(inboundId);
    turns.get(reply.chatId)?.push(seq);
  }
  return turns;
}

/** The same list sorted: a chat's turns are in arrival order when the two are equal. */
export const ascending = (seqs: readonly bigint[]): bigint[] => [...seqs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
