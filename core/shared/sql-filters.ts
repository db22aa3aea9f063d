// Pieces of the raw SQL that keyset pages are read with (core/shared/keyset.ts): lists of ids and
// values as bound parameters, and `AND`-joined conditions. Values are always parameters, never text
// pasted into the query; column names come from the callers' constants.
import { Prisma } from '../db/client.ts';

/** `(…)` of uuids for `col IN …`; `(NULL)` for none, which matches no row. */
export function uuidList(ids: readonly string[]): Prisma.Sql {
  if (ids.length === 0) return Prisma.sql`(NULL)`;
  return Prisma.sql`(${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})`;
}

/** `(…)` of text values for `col::text IN …`; `(NULL)` for none. */
export function textList(values: readonly string[]): Prisma.Sql {
  if (values.length === 0) return Prisma.sql`(NULL)`;
  return Prisma.sql`(${Prisma.join(values.map((v) => Prisma.sql`${v}`))})`;
}

/** ` AND c1 AND c2 …` of the conditions given (undefined ones left out); nothing for none. */
export function andAll(conditions: ReadonlyArray<Prisma.Sql | undefined | null | false | 0 | ''>): Prisma.Sql {
  const kept = conditions.filter((c): c is Prisma.Sql => c instanceof Prisma.Sql);
  if (kept.length === 0) return Prisma.empty;
  return Prisma.sql` AND ${Prisma.join(kept, ' AND ')}`;
}

/** `%text%` for ILIKE, with the pattern characters of the text escaped. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
