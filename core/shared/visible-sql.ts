// visibleWhere (core/teams/authorize.ts) for raw SQL: the rows whose member column (an assignee, a
// broker) is one of the users the scope sees, or nobody; nothing to add when it sees the whole office.
// With `requested` (a list's "of these brokers" filter), only those the scope sees, never the unassigned.

import { Prisma } from '../db/client.ts';
import { narrowUsers } from '../teams/authorize.ts';
import type { Scope } from './scope.ts';

export function visibleSql(scope: Scope, column: string, requested?: readonly string[]): Prisma.Sql {
  const col = Prisma.raw(column);
  if (requested?.length === 0) requested = undefined;
  const users = narrowUsers(scope, requested);
  const list = (ids: readonly string[]) => Prisma.join(ids.map((u) => Prisma.sql`${u}::uuid`));
  if (requested !== undefined) {
    if (users === 'all') return Prisma.sql` AND ${col} IN (${list(requested)})`;
    return users.length ? Prisma.sql` AND ${col} IN (${list(users)})` : Prisma.sql` AND false`;
  }
  if (users === 'all') return Prisma.empty;
  if (!users.length) return Prisma.sql` AND ${col} IS NULL`;
  return Prisma.sql` AND (${col} IN (${list(users)}) OR ${col} IS NULL)`;
}
