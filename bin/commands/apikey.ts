// nova apikey: an office's API keys, for scripts, tests and first integrations (the owner also manages
// them at /api/v1/api-keys).
//   nova apikey create --org <slug> --member <phone> [--read-only] [--name "…"]
//     prints the key once: only its SHA-256 is stored
//   nova apikey list --org <slug>
//   nova apikey revoke --org <slug> --id <key id or its prefix nova_…>
import type { ApiKeyErrorCode } from '../../core/apikeys/apikeys.service.ts';
import { CliError } from '../runtime.ts';
import { readArgs, refusal, required, table, UsageError, withAdmin } from './admin-args.ts';

const USAGE = `usage: nova apikey create --org <slug> --member +9665XXXXXXXX [--read-only] [--name "…"]
       nova apikey list --org <slug>
       nova apikey revoke --org <slug> --id <key id or prefix>
`;

const EXPLAIN: Record<ApiKeyErrorCode, (d: Record<string, unknown>) => string> = {
  'APIKEY.INVALID_INPUT': (d) => `${d.field || 'input'}: ${d.message || 'not valid'}`,
  'APIKEY.MEMBER_NOT_FOUND': () => 'no active member of the office has this phone (see `nova user list`)',
  'APIKEY.NOT_FOUND': () => 'the office has no API key with this id or prefix (see `nova apikey list`)',
};

const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : '-');

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  return withAdmin(USAGE, async ({ core, office }) => {
    if (sub === 'create') {
      const { values, positionals } = readArgs(rest, {
        org: { type: 'string' },
        member: { type: 'string' },
        name: { type: 'string' },
        'read-only': { type: 'boolean' },
      });
      if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const phone = required(values, 'member');
      const { scope, slug } = await office(required(values, 'org'));
      const readOnly = values['read-only'] === true;
      const name = typeof values.name === 'string' && values.name.trim() ? values.name : `created by nova apikey`;
      const created = await core.apiKeys.create(scope, { name, phone, readOnly });
      if (!created.ok) throw refusal(created.error, EXPLAIN);
      const k = created.value;
      process.stdout.write(
        [
          `API key for ${k.memberName} in ${slug} (${readOnly ? 'read-only' : 'read-write'}), id ${k.id}:`,
          '',
          `  ${k.key}`,
          '',
          'Shown once: Nova keeps only its hash. Send it as `Authorization: Bearer <key>` (see docs/api.md).',
          '',
        ].join('\n'),
      );
      return;
    }
    if (sub === 'list') {
      const { values, positionals } = readArgs(rest, { org: { type: 'string' } });
      if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const { scope } = await office(required(values, 'org'));
      const keys = await core.apiKeys.list(scope);
      const rows = [
        ['id', 'prefix', 'name', 'member', 'access', 'last used', 'state'],
        ...keys.map((k) => [
          k.id,
          k.prefix,
          k.name,
          k.memberName,
          k.readOnly ? 'read-only' : 'read-write',
          when(k.lastUsedAt),
          k.revokedAt ? `revoked ${when(k.revokedAt)}` : 'active',
        ]),
      ];
      process.stdout.write(`${table(rows)}\n`);
      return;
    }
    if (sub === 'revoke') {
      const { values, positionals } = readArgs(rest, { org: { type: 'string' }, id: { type: 'string' } });
      if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const wanted = required(values, 'id').trim();
      const { scope, slug } = await office(required(values, 'org'));
      const match = (await core.apiKeys.list(scope)).filter((k) => k.id === wanted || k.prefix === wanted);
      if (match.length > 1) throw new CliError('several keys have this prefix: name the key by its id');
      const id = match[0]?.id;
      if (!id) throw refusal({ code: 'APIKEY.NOT_FOUND' }, EXPLAIN);
      const revoked = await core.apiKeys.revoke(scope, id);
      if (!revoked.ok) throw refusal(revoked.error, EXPLAIN);
      process.stdout.write(`revoked ${revoked.value.prefix}… (${revoked.value.name}) of ${slug}\n`);
      return;
    }
    throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'a subcommand is required');
  });
}
