// An office with one Telegram account, and text messages stored in its inbox as the channel would store
// them: for integration tests that drive the turn runner (bot/engine/turn-runner.ts) directly.
import type { TestDatabase } from './test-db.ts';

export interface TelegramOffice {
  organizationId: string;
  accountId: string;
  /** Stores a text from `chatId` (the sender is the chat) as received; returns the inbound row's id. */
  receive(chatId: string, externalId: string, text: string): Promise<string>;
}

export async function createTelegramOffice(t: TestDatabase, slug: string): Promise<TelegramOffice> {
  const org = await t.db.organization.create({ data: { name: slug, slug } });
  const account = await t.db.channelAccount.create({
    data: { organizationId: org.id, kind: 'telegram', externalId: `${slug}-bot` },
  });
  return {
    organizationId: org.id,
    accountId: account.id,
    async receive(chatId, externalId, text) {
      const row = await t.db.inboundMessage.create({
        data: {
          organizationId: org.id,
          channelAccountId: account.id,
          externalId,
          chatId,
          payload: {
            channelAccountId: account.id,
            externalId,
            chatId,
            text,
            sender: { externalId: chatId, displayName: 'Client' },
            receivedAt: new Date().toISOString(),
          },
        },
      });
      return row.id;
    },
  };
}
