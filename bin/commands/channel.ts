// nova channel: the bots and numbers of an office. Secrets are stored sealed under NOVA_SECRET_KEY;
// `nova start` starts every enabled account of every office (restart it after a change).
//   nova channel add --org <slug> telegram --token <bot token> [--webhook]
//   nova channel add --org <slug> whatsapp-cloud --phone-number-id … --token … --app-secret … --verify-token …
//   nova channel add --org <slug> whatsapp-web [--label …] [--pairing-phone …]
//   nova channel list --org <slug>
//   nova channel remove --org <slug> <kind> <externalId>      (disables it; its history stays)
import type { ChannelAccountErrorCode, ChannelAccountInput } from '../../core/channels/channel-accounts.service.ts';
import { toE164 } from '../../core/shared/phone.ts';
import { readArgs, refusal, required, table, UsageError, withAdmin } from './admin-args.ts';

const USAGE = `usage: nova channel add --org <slug> telegram --token <bot token> [--webhook]
       nova channel add --org <slug> whatsapp-cloud --phone-number-id … --token … --app-secret … --verify-token …
       nova channel add --org <slug> whatsapp-web [--label …] [--pairing-phone +9665XXXXXXXX]
       nova channel list --org <slug>
       nova channel remove --org <slug> <telegram|whatsapp-cloud|whatsapp-web> <externalId>
`;

const EXPLAIN: Record<ChannelAccountErrorCode, (d: Record<string, unknown>) => string> = {
  'CHANNEL.TAKEN': (d) => `this bot or number (${d.externalId}) is bound to another office`,
  'CHANNEL.BAD_TOKEN': () => '--token does not look like a Telegram bot token (<bot id>:<secret>, from @BotFather)',
  'CHANNEL.BAD_INPUT': () => 'a value is missing or malformed (the phone number id is digits; a label is lower-case)',
  'CHANNEL.NOT_FOUND': () => 'the office has no such channel account (see `nova channel list`)',
  'CHANNEL.BUILT_IN': () => 'the web and console accounts come with every office and stay',
};

/** The options each kind takes (besides --org and --display-name). */
const OPTIONS_OF: Record<string, string[]> = {
  telegram: ['org', 'display-name', 'token', 'webhook'],
  whatsapp_cloud: ['org', 'display-name', 'phone-number-id', 'token', 'app-secret', 'verify-token'],
  whatsapp_web: ['org', 'display-name', 'label', 'pairing-phone'],
};

/** "whatsapp-cloud" (as typed) → "whatsapp_cloud" (as stored). */
const kindOf = (typed: string | undefined) => typed?.trim().toLowerCase().replace(/-/g, '_');

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  return withAdmin(USAGE, async ({ cfg, core, office }) => {
    if (sub === 'add') {
      const { values, positionals } = readArgs(rest, {
        org: { type: 'string' },
        token: { type: 'string' },
        webhook: { type: 'boolean' },
        'phone-number-id': { type: 'string' },
        'app-secret': { type: 'string' },
        'verify-token': { type: 'string' },
        label: { type: 'string' },
        'pairing-phone': { type: 'string' },
        'display-name': { type: 'string' },
      });
      const [typed, ...extra] = positionals;
      if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
      const kind = kindOf(typed);
      const displayName = values['display-name'];
      const allowed = kind ? OPTIONS_OF[kind] : undefined;
      const stray = allowed && Object.keys(values).find((name) => !allowed.includes(name));
      if (stray) throw new UsageError(`--${stray} does not apply to ${typed}`);
      let input: ChannelAccountInput;
      if (kind === 'telegram') {
        input = { kind, token: required(values, 'token'), webhook: values.webhook === true, displayName };
      } else if (kind === 'whatsapp_cloud') {
        input = {
          kind,
          phoneNumberId: required(values, 'phone-number-id'),
          token: required(values, 'token'),
          appSecret: required(values, 'app-secret'),
          verifyToken: required(values, 'verify-token'),
          displayName,
        };
      } else if (kind === 'whatsapp_web') {
        const pairing = values['pairing-phone'];
        const pairingPhone = pairing ? toE164(pairing) : undefined;
        if (pairing && !pairingPhone) throw new UsageError('--pairing-phone is not a valid phone number');
        input = { kind, label: values.label, pairingPhone, displayName };
      } else {
        throw new UsageError(typed ? `unknown channel kind "${typed}"` : 'the channel kind is required');
      }
      const { scope, slug } = await office(required(values, 'org'));
      const bound = await core.channelAccounts.add(scope, input);
      if (!bound.ok) throw refusal(bound.error, EXPLAIN);
      const a = bound.value;
      const base = cfg.PUBLIC_BASE_URL?.replace(/\/+$/, '') ?? '';
      const lines = [`${a.created ? 'bound' : 'updated'} ${a.kind} ${a.externalId} to ${slug} (account ${a.id})`];
      if (a.kind === 'telegram' && a.webhookSecret) {
        lines.push(
          `webhook: ${base}/webhooks/telegram/${a.id}`,
          `secret_token for setWebhook: ${a.webhookSecret}`,
          base
            ? 'Nova registers the webhook itself at start (PUBLIC_BASE_URL is set).'
            : 'Set PUBLIC_BASE_URL and Nova registers the webhook at start, or call setWebhook with the URL and secret above.',
        );
      } else if (a.kind === 'telegram') {
        lines.push('mode: long polling (one process polls a bot)');
      } else if (a.kind === 'whatsapp_cloud') {
        lines.push(`webhook: ${base}/webhooks/whatsapp/${a.id} (Meta: callback URL, with your verify token)`);
      } else {
        lines.push(`QR code: ${base}/admin/whatsapp/${a.id}/qr (with ADMIN_TOKEN), or the terminal of \`nova start\``);
      }
      lines.push('restart `nova start` to start it');
      process.stdout.write(`${lines.join('\n')}\n`);
      return;
    }
    if (sub === 'list') {
      const { values, positionals } = readArgs(rest, { org: { type: 'string' } });
      if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const { scope } = await office(required(values, 'org'));
      const accounts = await core.channelAccounts.list(scope);
      const rows = [
        ['kind', 'externalId', 'enabled', 'state', 'secrets', 'account'],
        ...accounts.map((a) => [
          a.kind,
          a.externalId,
          a.isEnabled ? 'yes' : 'no',
          a.connectionState,
          a.sealed ? `sealed${a.mode ? ` (${a.mode})` : ''}` : '-',
          a.id,
        ]),
      ];
      process.stdout.write(`${table(rows)}\n`);
      return;
    }
    if (sub === 'remove') {
      const { values, positionals } = readArgs(rest, { org: { type: 'string' } });
      const [typed, externalId, ...extra] = positionals;
      if (!typed || !externalId) throw new UsageError('the kind and the externalId are required');
      if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
      const { scope, slug } = await office(required(values, 'org'));
      const disabled = await core.channelAccounts.disable(scope, kindOf(typed)!, externalId);
      if (!disabled.ok) throw refusal(disabled.error, EXPLAIN);
      process.stdout.write(`disabled ${kindOf(typed)} ${externalId} of ${slug}; restart \`nova start\` to stop it\n`);
      return;
    }
    throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'a subcommand is required');
  });
}
