// An office's channel accounts added by the operator (`nova channel add`): a Telegram bot, a WhatsApp
// Cloud API number, a WhatsApp Web number. Each row belongs to one office, so that a message to that
// bot or number lands in that office. Secrets (tokens, the app secret, the verify token, the webhook
// secret) are stored sealed (AES-256-GCM under a key derived from NOVA_SECRET_KEY, see
// core/shared/secrets.ts): the database never holds them in clear. `nova start` reads them back through
// accountsToStart() to start every enabled account of every office.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
import { atomically } from '../organizations/atomically.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import { seal, unseal } from '../shared/secrets.ts';
import { createChannelAccountsQueries } from './channel-accounts.queries.ts';

/** The kinds an operator binds to an office (web and console come with every office). */
export const BINDABLE_KINDS = ['telegram', 'whatsapp_cloud', 'whatsapp_web'] as const;
export type BindableKind = (typeof BINDABLE_KINDS)[number];

export type ChannelAccountErrorCode =
  | 'CHANNEL.TAKEN'
  | 'CHANNEL.BAD_TOKEN'
  | 'CHANNEL.BAD_INPUT'
  | 'CHANNEL.NOT_FOUND'
  | 'CHANNEL.BUILT_IN';

export type ChannelAccountInput =
  | { kind: 'telegram'; token: string; webhook?: boolean; displayName?: string }
  | {
      kind: 'whatsapp_cloud';
      phoneNumberId: string;
      token: string;
      appSecret: string;
      verifyToken: string;
      displayName?: string;
    }
  | { kind: 'whatsapp_web'; label?: string; pairingPhone?: string; displayName?: string };

const telegramSecrets = z.object({ token: z.string().min(1), webhookSecret: z.string().min(1) });
const cloudSecrets = z.object({
  token: z.string().min(1),
  appSecret: z.string().min(1),
  verifyToken: z.string().min(1),
});
export type TelegramSecrets = z.infer<typeof telegramSecrets>;
export type CloudSecrets = z.infer<typeof cloudSecrets>;

/** Non-secret settings kept in channel_accounts.config for accounts added here. */
const accountConfig = z.object({
  managed: z.literal(true),
  mode: z.enum(['polling', 'webhook']).optional(),
  phoneNumberId: z.string().optional(),
  pairingPhone: z.string().optional(),
});

/** What `nova start` needs to start one account: its office, its settings and its secrets in clear. */
export type StartableAccount = {
  id: string;
  organizationId: string;
  officeSlug: string;
  externalId: string;
  displayName: string | null;
} & (
  | { kind: 'telegram'; mode: 'polling' | 'webhook'; secrets: TelegramSecrets }
  | { kind: 'whatsapp_cloud'; phoneNumberId: string; secrets: CloudSecrets }
  | { kind: 'whatsapp_web'; pairingPhone?: string }
);

export interface UnstartableAccount {
  id: string;
  organizationId: string;
  kind: BindableKind;
  /** why it cannot start: its secrets do not open with this NOVA_SECRET_KEY, or are damaged */
  reason: 'secrets_unreadable';
}

export interface ChannelAccountRow {
  id: string;
  kind: string;
  externalId: string;
  displayName: string | null;
  isEnabled: boolean;
  connectionState: string;
  /** secrets are stored for it (never shown) */
  sealed: boolean;
  mode?: 'polling' | 'webhook';
}

export interface BoundAccount {
  id: string;
  kind: BindableKind;
  externalId: string;
  /** false when the account existed in this office and was enabled again or given new secrets */
  created: boolean;
  /** Telegram in webhook mode: the secret Telegram must send (X-Telegram-Bot-Api-Secret-Token) */
  webhookSecret?: string;
}

/** "123456789:AA…": the bot's numeric id before the colon, then the secret part. */
const TELEGRAM_TOKEN = /^(\d{1,20}):([\w-]{1,200})$/;
const PHONE_NUMBER_ID = /^\d{5,30}$/;
const LABEL = /^[a-z0-9][a-z0-9-]{0,47}$/;

export function createChannelAccountsService({
  db,
  secretsKey,
}: {
  db: DbTx;
  /** the key of purpose 'channel.secrets' (deriveKey), asked only when a secret is sealed or read */
  secretsKey?: () => Buffer;
}) {
  const key = () => {
    if (!secretsKey) throw new Error('channel secrets key not configured');
    return secretsKey();
  };

  /** The account's kind, external id, sealed secrets and settings from what the operator gave. */
  function describe(input: ChannelAccountInput, officeSlug: string) {
    switch (input.kind) {
      case 'telegram': {
        const match = TELEGRAM_TOKEN.exec(input.token.trim());
        if (!match) return err('CHANNEL.BAD_TOKEN');
        const secrets: TelegramSecrets = {
          token: input.token.trim(),
          webhookSecret: randomBytes(32).toString('hex'),
        };
        const config = { managed: true as const, mode: input.webhook ? ('webhook' as const) : ('polling' as const) };
        return ok({ externalId: match[1]!, secrets: secrets as object, config, displayName: input.displayName });
      }
      case 'whatsapp_cloud': {
        const phoneNumberId = input.phoneNumberId.trim();
        const parsed = cloudSecrets.safeParse({
          token: input.token.trim(),
          appSecret: input.appSecret.trim(),
          verifyToken: input.verifyToken.trim(),
        });
        if (!PHONE_NUMBER_ID.test(phoneNumberId) || !parsed.success) return err('CHANNEL.BAD_INPUT');
        const config = { managed: true as const, phoneNumberId };
        return ok({
          externalId: phoneNumberId,
          secrets: parsed.data as object,
          config,
          displayName: input.displayName,
        });
      }
      case 'whatsapp_web': {
        const label = (input.label ?? officeSlug).trim().toLowerCase();
        if (!LABEL.test(label)) return err('CHANNEL.BAD_INPUT');
        const config = { managed: true as const, ...(input.pairingPhone ? { pairingPhone: input.pairingPhone } : {}) };
        return ok({ externalId: label, secrets: undefined, config, displayName: input.displayName });
      }
    }
  }

  return {
    // pages of accounts with their state, one account, a WhatsApp Web number's pairing state (admin API)
    ...createChannelAccountsQueries({ db }),

    /**
     * Binds an account to the office in `scope`, its secrets sealed. The same bot or number again in
     * the same office is enabled again with the new secrets; one bound to another office is refused.
     */
    async add(scope: Scope, input: ChannelAccountInput): Promise<Result<BoundAccount, ChannelAccountErrorCode>> {
      const office = await db.organization.findUniqueOrThrow({
        where: { id: scope.organizationId },
        select: { slug: true, name: true },
      });
      const described = describe(input, office.slug);
      if (!described.ok) return described;
      const { externalId, secrets, config, displayName } = described.value;
      const existing = await db.channelAccount.findUnique({
        where: { kind_externalId: { kind: input.kind, externalId } },
        select: { id: true, organizationId: true },
      });
      if (existing && existing.organizationId !== scope.organizationId) return err('CHANNEL.TAKEN', { externalId });
      const sealedSecrets = secrets ? seal(key(), JSON.stringify(secrets)) : null;
      const id = await atomically(db, async (tx) => {
        const row = existing
          ? await tx.channelAccount.update({
              where: { id: existing.id },
              data: { isEnabled: true, sealedSecrets, config, ...(displayName ? { displayName } : {}) },
              select: { id: true },
            })
          : await tx.channelAccount.create({
              data: {
                organizationId: scope.organizationId,
                kind: input.kind,
                externalId,
                displayName: displayName ?? office.name,
                sealedSecrets,
                config,
              },
              select: { id: true },
            });
        await audit(tx, scope, {
          action: existing ? 'channel.updated' : 'channel.added',
          entityType: 'channel_account',
          entityId: row.id,
          details: { kind: input.kind, externalId },
          always: true,
        });
        return row.id;
      });
      return ok({
        id,
        kind: input.kind,
        externalId,
        created: !existing,
        ...(input.kind === 'telegram' && input.webhook
          ? { webhookSecret: (secrets as TelegramSecrets).webhookSecret }
          : {}),
      });
    },

    /** The office's channel accounts, secrets never included. */
    async list(scope: Scope): Promise<ChannelAccountRow[]> {
      const rows = await db.channelAccount.findMany({
        where: { organizationId: scope.organizationId },
        orderBy: [{ kind: 'asc' }, { createdAt: 'asc' }],
        select: {
          id: true,
          kind: true,
          externalId: true,
          displayName: true,
          isEnabled: true,
          connectionState: true,
          sealedSecrets: true,
          config: true,
        },
      });
      return rows.map(({ sealedSecrets, config, ...r }) => {
        const settings = accountConfig.safeParse(config);
        return {
          ...r,
          sealed: sealedSecrets !== null,
          ...(settings.success && settings.data.mode ? { mode: settings.data.mode } : {}),
        };
      });
    },

    /** Disables one of the office's accounts: `nova start` no longer starts it; its history stays. */
    async disable(
      scope: Scope,
      kind: string,
      externalId: string,
    ): Promise<Result<{ id: string }, ChannelAccountErrorCode>> {
      if (kind === 'web' || kind === 'console') return err('CHANNEL.BUILT_IN');
      if (!(BINDABLE_KINDS as readonly string[]).includes(kind)) return err('CHANNEL.NOT_FOUND');
      const row = await db.channelAccount.findFirst({
        where: { organizationId: scope.organizationId, kind: kind as BindableKind, externalId },
        select: { id: true },
      });
      if (!row) return err('CHANNEL.NOT_FOUND');
      await atomically(db, async (tx) => {
        await tx.channelAccount.update({
          where: { id: row.id },
          data: { isEnabled: false, connectionState: 'disabled' },
        });
        await audit(tx, scope, {
          action: 'channel.disabled',
          entityType: 'channel_account',
          entityId: row.id,
          details: { kind, externalId },
          always: true,
        });
      });
      return ok({ id: row.id });
    },

    /**
     * Every enabled account added by an operator, in every office, with its secrets in clear: what
     * `nova start` (and `nova worker`, to send) starts. An operator's call across offices, like
     * listing them. Accounts of the environment's variables (no sealed secrets) are not included.
     */
    async accountsToStart(): Promise<{ accounts: StartableAccount[]; unstartable: UnstartableAccount[] }> {
      const rows = await db.channelAccount.findMany({
        where: { isEnabled: true, kind: { in: [...BINDABLE_KINDS] } },
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          organizationId: true,
          kind: true,
          externalId: true,
          displayName: true,
          sealedSecrets: true,
          config: true,
          organization: { select: { slug: true } },
        },
      });
      const accounts: StartableAccount[] = [];
      const unstartable: UnstartableAccount[] = [];
      for (const row of rows) {
        const settings = accountConfig.safeParse(row.config);
        if (!settings.success) continue; // configured by the environment's variables
        const base = {
          id: row.id,
          organizationId: row.organizationId,
          officeSlug: row.organization.slug,
          externalId: row.externalId,
          displayName: row.displayName,
        };
        const kind = row.kind as BindableKind;
        if (kind === 'whatsapp_web') {
          accounts.push({
            ...base,
            kind,
            ...(settings.data.pairingPhone ? { pairingPhone: settings.data.pairingPhone } : {}),
          });
          continue;
        }
        const opened = row.sealedSecrets ? unseal(key(), row.sealedSecrets) : null;
        let json: unknown;
        try {
          json = opened === null ? undefined : JSON.parse(opened);
        } catch {
          json = undefined;
        }
        if (kind === 'telegram') {
          const secrets = telegramSecrets.safeParse(json);
          if (secrets.success)
            accounts.push({ ...base, kind, mode: settings.data.mode ?? 'polling', secrets: secrets.data });
          else unstartable.push({ id: row.id, organizationId: row.organizationId, kind, reason: 'secrets_unreadable' });
        } else {
          const secrets = cloudSecrets.safeParse(json);
          if (secrets.success && settings.data.phoneNumberId)
            accounts.push({ ...base, kind, phoneNumberId: settings.data.phoneNumberId, secrets: secrets.data });
          else unstartable.push({ id: row.id, organizationId: row.organizationId, kind, reason: 'secrets_unreadable' });
        }
      }
      return { accounts, unstartable };
    },
  };
}

export type ChannelAccountsService = ReturnType<typeof createChannelAccountsService>;
