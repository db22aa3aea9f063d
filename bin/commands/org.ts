// nova org: offices.
//   nova org create --name "…" --owner-phone +9665… [--owner-name …] [--tz Asia/Riyadh] [--slug …]
//     the office, its owner, a default team he manages, its web and console accounts; prints the slug
//   nova org list
//     every office: slug, name, members (active and invited), channel accounts
import type { OrganizationErrorCode } from '../../core/organizations/organizations.service.ts';
import { readArgs, refusal, required, table, UsageError, withAdmin } from './admin-args.ts';

const USAGE = `usage: nova org create --name "…" --owner-phone +9665XXXXXXXX [--owner-name …] [--tz Asia/Riyadh] [--slug …]
       nova org list
`;

const EXPLAIN: Record<OrganizationErrorCode, (d: Record<string, unknown>) => string> = {
  'ORG.SLUG_TAKEN': (d) => `the slug "${d.slug}" is taken by another office; choose another with --slug`,
  'ORG.BAD_SLUG': (d) => `"${d.slug}" is not a valid slug: 3 to 48 lower-case letters, digits and inner hyphens`,
  'ORG.BAD_NAME': () => '--name must be 1 to 200 characters',
  'ORG.BAD_PHONE': () => '--owner-phone is not a valid phone number',
  'ORG.BAD_TIME_ZONE': (d) => `"${d.timeZone}" is not a time zone (e.g. Asia/Riyadh)`,
};

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  return withAdmin(USAGE, async ({ cfg, core }) => {
    if (sub === 'create') {
      const { values, positionals } = readArgs(rest, {
        name: { type: 'string' },
        'owner-phone': { type: 'string' },
        'owner-name': { type: 'string' },
        tz: { type: 'string' },
        slug: { type: 'string' },
      });
      if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const result = await core.organizations.create(
        {
          name: required(values, 'name'),
          slug: values.slug,
          timeZone: values.tz ?? cfg.DEFAULT_TIME_ZONE,
          owner: { phone: required(values, 'owner-phone'), name: values['owner-name'] },
        },
        'cli',
      );
      if (!result.ok) throw refusal(result.error, EXPLAIN);
      const office = result.value;
      // The slug alone on stdout (SLUG=$(nova org create …)); what was made, for the person, on stderr.
      process.stdout.write(`${office.slug}\n`);
      process.stderr.write(
        `created the office "${office.name}" (${office.slug}): owner ${office.ownerPhone}, a default team, web and console accounts\n`,
      );
      return;
    }
    if (sub === 'list') {
      const { positionals } = readArgs(rest, {});
      if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const offices = await core.organizations.list();
      const rows = [
        ['slug', 'name', 'members', 'channels'],
        ...offices.map((o) => [
          o.slug,
          o.name,
          String(o.members),
          o.channels
            .map(
              (c) =>
                `${c.kind}${c.kind === 'web' || c.kind === 'console' ? '' : ` ${c.externalId}`}${c.isEnabled ? '' : ' (disabled)'}`,
            )
            .join(', '),
        ]),
      ];
      process.stdout.write(`${table(rows)}\n`);
      return;
    }
    throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'a subcommand is required');
  });
}
