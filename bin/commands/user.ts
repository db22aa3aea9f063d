// nova user: an office's members.
//   nova user add --org <slug> --phone … --name … --role broker|team_member|observer|manager|owner [--team …]
//   nova user remove --org <slug> --phone … [--to <phone>]
//     her customers, open tasks and requests, future viewings, follow-ups and listings go to --to (by
//     default her team's manager, else the office's owner, else a manager): nothing is lost; her
//     sign-in sessions are revoked, her team places removed, and she becomes inactive
//   nova user list --org <slug>
import { z } from 'zod';
import { MEMBER_ROLES } from '../../core/teams/member-rules.ts';
import type { MemberErrorCode } from '../../core/teams/members.service.ts';
import { readArgs, refusal, required, table, UsageError, withAdmin } from './admin-args.ts';

const USAGE = `usage: nova user add --org <slug> --phone +9665XXXXXXXX --name "…" --role broker|team_member|observer|manager|owner [--team "…"]
       nova user remove --org <slug> --phone +9665XXXXXXXX [--to +9665XXXXXXXX]
       nova user list --org <slug>
`;

const roleSchema = z.enum(MEMBER_ROLES);

const EXPLAIN: Record<MemberErrorCode, (d: Record<string, unknown>) => string> = {
  'MEMBER.PHONE_TAKEN': (d) => `this phone is already a member of the office (${d.name}, ${d.status})`,
  'MEMBER.NOT_FOUND': () => 'no member of the office has this phone',
  'MEMBER.LAST_OWNER': () => 'this member is the office’s only owner: add another owner first',
  'MEMBER.BAD_PHONE': () => '--phone is not a valid phone number',
  'MEMBER.BAD_NAME': () => '--name must be 1 to 200 characters',
  'MEMBER.FORBIDDEN': () => 'not allowed',
  'MEMBER.SELF': () => 'a member cannot remove themself',
  'MEMBER.NO_SUCCESSOR': () =>
    'nobody can take over her customers: add a broker or a manager first, or name one with --to',
  'MEMBER.BAD_SUCCESSOR': () => '--to must be another active member of the office who is not an observer',
  'MEMBER.TEAM_NOT_FOUND': (d) => `the office has no team named "${d.team}"`,
  'MEMBER.APPOINTMENT_CLASH': (d) =>
    `${d.count} of her coming viewings overlap ${d.successorName}'s: move them, or name another member with --to`,
};

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  return withAdmin(USAGE, async ({ core, office }) => {
    if (sub === 'add') {
      const { values, positionals } = readArgs(rest, {
        org: { type: 'string' },
        phone: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        team: { type: 'string' },
      });
      if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const role = roleSchema.safeParse(required(values, 'role').replace(/-/g, '_'));
      if (!role.success) throw new UsageError(`--role must be one of ${MEMBER_ROLES.join(', ')}`);
      const phone = required(values, 'phone');
      const name = required(values, 'name');
      const { scope, slug } = await office(required(values, 'org'));
      const added = await core.members.add(scope, { phone, name, role: role.data, team: values.team });
      if (!added.ok) throw refusal(added.error, EXPLAIN);
      const m = added.value;
      process.stdout.write(
        `${m.readded ? 'added back' : 'added'} ${m.name} (${m.phone}) to ${slug} as ${m.role}, team "${m.teamName}"\n`,
      );
      return;
    }
    if (sub === 'remove') {
      const { values, positionals } = readArgs(rest, {
        org: { type: 'string' },
        phone: { type: 'string' },
        to: { type: 'string' },
      });
      if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const phone = required(values, 'phone');
      const { scope, slug } = await office(required(values, 'org'));
      const removed = await core.members.remove(scope, { phone, ...(values.to ? { to: { phone: values.to } } : {}) });
      if (!removed.ok) throw refusal(removed.error, EXPLAIN);
      const r = removed.value;
      const moved = Object.entries(r.moved)
        .filter(([what, n]) => n > 0 && what !== 'remindersDropped')
        .map(([what, n]) => `${what}: ${n}`);
      process.stdout.write(
        [
          `removed ${r.name} from ${slug}; ${r.successor.name} takes over ${moved.length ? moved.join(', ') : 'nothing (she had nothing open)'}`,
          r.moved.remindersDropped
            ? `${r.moved.remindersDropped} reminder(s) cancelled: ${r.successor.name} has not written to Nova yet (the tasks and viewings are his)`
            : undefined,
          `${r.sessionsRevoked} sign-in session(s) revoked`,
        ]
          .filter(Boolean)
          .join('\n') + '\n',
      );
      return;
    }
    if (sub === 'list') {
      const { values, positionals } = readArgs(rest, { org: { type: 'string' } });
      if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const { scope } = await office(required(values, 'org'));
      const members = await core.members.list(scope);
      const rows = [
        ['phone', 'name', 'role', 'status', 'teams'],
        ...members.map((m) => [m.phone, m.name, m.role, m.status, m.teams.join(', ')]),
      ];
      process.stdout.write(`${table(rows)}\n`);
      return;
    }
    throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'a subcommand is required');
  });
}
