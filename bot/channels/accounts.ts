// Channel accounts belong to an organization. Those configured by environment variables are upserted
// at start for the office NOVA_DEFAULT_ORG names (an account already bound elsewhere keeps its office);
// every office's own accounts are added with `nova channel add` (core/channels/channel-accounts.service.ts).
import type { Db } from '../../core/db/client.ts';
import type { ChannelKind } from '../types.ts';

export async function ensureChannelAccount(
  db: Db,
  input: {
    organizationId: string;
    kind: ChannelKind;
    externalId: string;
    displayName?: string;
    config?: Record<string, unknown>;
  },
) {
  return db.channelAccount.upsert({
    where: { kind_externalId: { kind: input.kind, externalId: input.externalId } },
    update: { isEnabled: true, ...(input.config ? { config: input.config as object } : {}) },
    create: {
      organizationId: input.organizationId,
      kind: input.kind,
      externalId: input.externalId,
      displayName: input.displayName,
      config: (input.config ?? {}) as object,
    },
  });
}

export async function setConnectionState(db: Db, accountId: string, connectionState: string) {
  await db.channelAccount.update({ where: { id: accountId }, data: { connectionState } }).catch(() => undefined);
}
