// /channel-accounts: the office's bots and numbers (Telegram, WhatsApp Cloud API, WhatsApp Web, and the
// built-in web chat), with the connection state their running channel last wrote, and a WhatsApp Web
// number's pairing state. Read-only, and never a secret: tokens stay sealed in the database and the QR
// code is served only by the number's pairing page (api/routes/admin/whatsapp-qr.routes.ts).
import type { ChannelAccountView, PairingState } from '../../../core/channels/channel-accounts.queries.ts';
import { CHANNEL_SORTS } from '../../../core/channels/channel-accounts.queries.ts';
import { answer, defineResource, failure, operation } from '../kit.ts';
import { csv, IdParams, iso, pageOf, pageQuery, sortQuery, Timestamp, z } from '../schemas.ts';

const KINDS = ['whatsapp_web', 'whatsapp_cloud', 'telegram', 'web', 'console', 'memory'] as const;

const ChannelAccount = z
  .object({
    id: z.uuid(),
    kind: z.enum(KINDS),
    externalId: z.string().openapi({
      description: "the bot's id, the Cloud API phone number id, the WhatsApp Web label, or the office's slug",
    }),
    displayName: z.string().nullable(),
    isEnabled: z.boolean(),
    connectionState: z
      .string()
      .openapi({ description: 'connected, connecting, reconnecting, waiting_for_qr, logged_out, disabled, …' }),
    hasSecrets: z.boolean().openapi({ description: 'tokens are stored for it, sealed (never shown)' }),
    mode: z.enum(['polling', 'webhook']).nullable().openapi({ description: 'Telegram: how updates arrive' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('ChannelAccount');

const toJson = (a: ChannelAccountView) => ({ ...a, createdAt: iso(a.createdAt), updatedAt: iso(a.updatedAt) });

const Pairing = z
  .object({
    accountId: z.uuid(),
    kind: z.enum(KINDS),
    connectionState: z.string(),
    pairable: z.boolean().openapi({ description: 'WhatsApp Web numbers are paired; other kinds are not' }),
    paired: z.boolean().openapi({ description: 'a session is stored: the number was linked, a restart resumes it' }),
    waitingFor: z.enum(['qr', 'pairing_code']).nullable().openapi({
      description: 'what the number waits for now: a QR code scan, or the pairing code typed on the phone',
    }),
    pairingByCode: z.boolean().openapi({ description: 'pairing by code is configured (a phone is set)' }),
    updatedAt: Timestamp,
  })
  .openapi('ChannelPairing');

const pairingJson = (p: PairingState) => ({ ...p, updatedAt: iso(p.updatedAt) });

const ListQuery = z.object({
  ...pageQuery,
  sort: sortQuery(['createdAt'] as const, 'createdAt'),
  kind: csv(z.enum(KINDS)).optional().openapi({ description: 'comma-separated' }),
  enabled: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const channelAccountsResource = defineResource(
  'channel-accounts',
  "The office's bots and numbers and their connection state (read-only, never a secret).",
  [
    operation({
      operationId: 'listChannelAccounts',
      method: 'get',
      path: '/channel-accounts',
      summary: 'List channel accounts',
      query: ListQuery,
      success: { status: 200, description: 'a page of accounts', schema: pageOf(ChannelAccount, 'ChannelAccountPage') },
      handler: async ({ core, scope, query, pageRequest, pageAnswer }) => {
        const req = pageRequest(query, CHANNEL_SORTS);
        const page = await core.channelAccounts.page(scope, { kind: query.kind, enabled: query.enabled }, req);
        return pageAnswer(query, page, toJson);
      },
    }),
    operation({
      operationId: 'getChannelAccount',
      method: 'get',
      path: '/channel-accounts/{id}',
      summary: 'Get a channel account',
      params: IdParams,
      success: { status: 200, description: 'the account', schema: ChannelAccount },
      errors: ['CHANNEL.NOT_FOUND'],
      handler: async ({ core, scope, params }) => {
        const found = await core.channelAccounts.account(scope, params.id);
        return found ? answer(toJson(found), { version: found }) : failure('CHANNEL.NOT_FOUND');
      },
    }),
    operation({
      operationId: 'getChannelPairing',
      method: 'get',
      path: '/channel-accounts/{id}/pairing',
      summary: "A WhatsApp Web number's pairing state",
      description:
        'Whether the number is linked, or waits for its QR code to be scanned (or its pairing code typed). The ' +
        "QR code and the pairing code themselves are only on the number's pairing page (/admin/whatsapp/{id}/qr, " +
        "for the office's owner), never here.",
      params: IdParams,
      success: { status: 200, description: 'the pairing state', schema: Pairing },
      errors: ['CHANNEL.NOT_FOUND'],
      handler: async ({ core, scope, params }) => {
        const found = await core.channelAccounts.pairing(scope, params.id);
        return found ? answer(pairingJson(found)) : failure('CHANNEL.NOT_FOUND');
      },
    }),
  ],
);
