// Reads of an office's channel accounts for the admin API: pages of them with their connection state,
// one account, and a WhatsApp Web number's pairing state. Never a secret: tokens and the app secret
// stay sealed in the database, and the QR code itself is only served by the admin QR page. Whoever may
// settings.view reads them (every member by default).
import { z } from 'zod';
import { type ChannelKind, type DbTx, Prisma } from '../db/client.ts';
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
import { andAll, textList } from '../shared/sql-filters.ts';
import { authorize } from '../teams/authorize.ts';

export const CHANNEL_SORTS = {
  createdAt: { column: 'created_at', kind: 'timestamp' },
} as const satisfies Record<string, SortColumn>;
export type ChannelSort = keyof typeof CHANNEL_SORTS;

export interface ChannelFilter {
  kind?: ChannelKind[];
  enabled?: boolean;
}

export interface ChannelAccountView {
  id: string;
  kind: ChannelKind;
  /** the bot's id, the Cloud API phone number id, the WhatsApp Web label, the office's slug (web) */
  externalId: string;
  displayName: string | null;
  isEnabled: boolean;
  /** what the running channel last wrote: connected, connecting, waiting_for_qr, logged_out, disabled, … */
  connectionState: string;
  /** secrets are stored for it, sealed (never shown) */
  hasSecrets: boolean;
  /** Telegram: long polling or a webhook */
  mode: 'polling' | 'webhook' | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a WhatsApp Web number waits for. */
export type PairingWait = 'qr' | 'pairing_code' | null;

export interface PairingState {
  accountId: string;
  kind: ChannelKind;
  connectionState: string;
  /** whether pairing applies (WhatsApp Web only) */
  pairable: boolean;
  /** a WhatsApp Web session is stored (the number was linked once); a restart resumes it */
  paired: boolean;
  /** the number waits to be linked: by scanning the QR code, or by typing the pairing code */
  waitingFor: PairingWait;
  /** pairing by code is configured (a phone is set) */
  pairingByCode: boolean;
  updatedAt: Date;
}

const SELECT = {
  id: true,
  kind: true,
  externalId: true,
  displayName: true,
  isEnabled: true,
  connectionState: true,
  sealedSecrets: true,
  config: true,
  createdAt: true,
  updatedAt: true,
} as const;

const config = z.object({
  mode: z.enum(['polling', 'webhook']).optional().catch(undefined),
  pairingPhone: z.string().optional().catch(undefined),
});

type Row = Prisma.ChannelAccountGetPayload<{ select: typeof SELECT }>;

const settingsOf = (row: Row) => {
  const parsed = config.safeParse(row.config);
  return parsed.success ? parsed.data : {};
};

function view(row: Row): ChannelAccountView {
  return {
    id: row.id,
    kind: row.kind,
    externalId: row.externalId,
    displayName: row.displayName,
    isEnabled: row.isEnabled,
    connectionState: row.connectionState,
    hasSecrets: row.sealedSecrets !== null,
    mode: settingsOf(row).mode ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function createChannelAccountsQueries({ db }: { db: DbTx }) {
  const find = (scope: Scope, id: string) =>
    db.channelAccount.findFirst({ where: { id, organizationId: scope.organizationId }, select: SELECT });

  return {
    /** One page of the office's channel accounts (disabled ones too unless filtered), page's order then id. */
    async page(scope: Scope, filter: ChannelFilter, page: PageRequest<ChannelSort>): Promise<Page<ChannelAccountView>> {
      authorize(scope, 'settings', 'view', 'channel.list');
      const sort = CHANNEL_SORTS[page.sort];
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT a.id::text AS id, ${keyExpr(sort, 'a')} AS k
        FROM channel_accounts a
        WHERE a.organization_id = ${scope.organizationId}::uuid${andAll([
          filter.kind?.length && Prisma.sql`a.kind::text IN ${textList(filter.kind)}`,
          filter.enabled !== undefined && Prisma.sql`a.is_enabled = ${filter.enabled}`,
        ])}${keysetAfter(sort, page.direction, 'a', page.after)}
        ${keysetOrder(sort, page.direction, 'a')}
        LIMIT ${page.limit + 1}`;
      const { items, next } = toPage(keys, page.limit);
      const ids = items.map((k) => k.id);
      const rows = await db.channelAccount.findMany({
        where: { id: { in: ids }, organizationId: scope.organizationId },
        select: SELECT,
      });
      return { items: inOrder(ids, rows).map(view), next };
    },

    /** One of the office's channel accounts, or null. */
    async account(scope: Scope, id: string): Promise<ChannelAccountView | null> {
      authorize(scope, 'settings', 'view', 'channel.list');
      const row = await find(scope, id);
      return row && view(row);
    },

    /**
     * Where a WhatsApp Web number is in its pairing, from the state its running channel writes and from
     * whether its session is stored. Only the state: the QR code and the pairing code are never here.
     */
    async pairing(scope: Scope, id: string): Promise<PairingState | null> {
      authorize(scope, 'settings', 'view', 'channel.pairing');
      const row = await find(scope, id);
      if (!row) return null;
      const pairable = row.kind === 'whatsapp_web';
      // only whether the credentials name a linked account: their keys are never read here
      const session = pairable
        ? await db.$queryRaw<Array<{ paired: boolean }>>`
            SELECT (value -> 'me') IS NOT NULL AS paired FROM whatsapp_auth_keys
            WHERE channel_account_id = ${row.id}::uuid AND type = 'creds' AND key_id = 'creds'`
        : [];
      const state = row.connectionState;
      return {
        accountId: row.id,
        kind: row.kind,
        connectionState: state,
        pairable,
        paired: session[0]?.paired === true,
        waitingFor: !pairable
          ? null
          : state === 'waiting_for_qr'
            ? 'qr'
            : state === 'waiting_for_pairing_code'
              ? 'pairing_code'
              : null,
        pairingByCode: pairable && Boolean(settingsOf(row).pairingPhone),
        updatedAt: row.updatedAt,
      };
    },
  };
}

export type ChannelAccountsQueries = ReturnType<typeof createChannelAccountsQueries>;
