// Keyset pagination ("seek"): a page is the rows after the last one seen in a fixed order on
// (a sort column, id), never an offset. A row inserted while a client pages (a new customer, newest
// first) lands before its position and never shifts or repeats what it reads next, and every page costs
// the same however deep it is.
//
// Timestamps are compared in microseconds, PostgreSQL's own precision: a position in milliseconds (what
// a JavaScript Date holds) would skip the rows of the same millisecond, and stop at rows written in one
// statement (all with the same now()). So the sort key is read by the query itself (`keyExpr`) and the
// page's SQL is built here with Prisma's sql tag; the *.queries.ts files add their filters.
import { Prisma } from '../db/client.ts';

export type SortDirection = 'asc' | 'desc';

/** A sortable column: a timestamp (compared in microseconds since the epoch), an integer, or text. */
export interface SortColumn {
  /** the column, as written in SQL (a trusted constant, never input) */
  column: string;
  kind: 'timestamp' | 'int' | 'text';
}

/** Where the previous page ended: its last row's sort key and id. */
export interface KeysetPosition {
  /** microseconds since the epoch for a timestamp, the integer, or the text */
  value: string | number;
  id: string;
}

export interface PageRequest<S extends string = string> {
  /** rows per page */
  limit: number;
  sort: S;
  direction: SortDirection;
  after?: KeysetPosition;
}

export interface Page<T> {
  items: T[];
  /** where the next page starts; null on the last page */
  next: KeysetPosition | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT4 = 2_147_483_647;

/** Whether a position fits the column it sorts on (an edge checks a client's cursor with it first). */
export function validPosition(sort: SortColumn, position: KeysetPosition): boolean {
  if (!UUID.test(position.id)) return false;
  const v = position.value;
  switch (sort.kind) {
    case 'timestamp':
      return typeof v === 'number' && Number.isSafeInteger(v);
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= INT4;
    case 'text':
      return typeof v === 'string' && v.length <= 1_000;
  }
}

/** The SQL of the sort key of a row of `alias` (a number for timestamps and integers, text otherwise). */
export function keyExpr(sort: SortColumn, alias: string): Prisma.Sql {
  const col = Prisma.raw(`${alias}.${sort.column}`);
  if (sort.kind === 'timestamp') return Prisma.sql`(extract(epoch from ${col}) * 1000000)::bigint`;
  return Prisma.sql`${col}`;
}

function valueSql(sort: SortColumn, value: string | number): Prisma.Sql {
  if (sort.kind === 'timestamp')
    return Prisma.sql`(timestamptz 'epoch' + ${BigInt(value)}::bigint * interval '1 microsecond')`;
  if (sort.kind === 'int') return Prisma.sql`${Number(value)}::int`;
  return Prisma.sql`${String(value)}::text`;
}

/** `AND (…)`: the rows after `after` in (sort, id) order; nothing on the first page. */
export function keysetAfter(
  sort: SortColumn,
  direction: SortDirection,
  alias: string,
  after: KeysetPosition | undefined,
): Prisma.Sql {
  if (!after) return Prisma.empty;
  if (!validPosition(sort, after)) throw new RangeError('keyset position does not fit its column');
  const op = Prisma.raw(direction === 'desc' ? '<' : '>');
  const col = Prisma.raw(`${alias}.${sort.column}`);
  const id = Prisma.raw(`${alias}.id`);
  return Prisma.sql` AND (${col}, ${id}) ${op} (${valueSql(sort, after.value)}, ${after.id}::uuid)`;
}

/** `ORDER BY sort, id` in one direction. */
export function keysetOrder(sort: SortColumn, direction: SortDirection, alias: string): Prisma.Sql {
  const dir = direction === 'desc' ? 'DESC' : 'ASC';
  return Prisma.raw(`ORDER BY ${alias}.${sort.column} ${dir}, ${alias}.id ${dir}`);
}

/**
 * The page from `limit + 1` rows (id and sort key `k`, in order): the extra row only says there is a
 * next page, which starts after the last row kept.
 */
export function toPage<R extends { id: string; k: unknown }>(rows: R[], limit: number): Page<R> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  if (rows.length <= limit || !last) return { items, next: null };
  const k = last.k;
  const value = typeof k === 'bigint' ? Number(k) : typeof k === 'number' ? k : String(k);
  return { items, next: { value, id: last.id } };
}

/** Rows fetched by id, put back in the order of the ids (a page's second query). */
export function inOrder<T extends { id: string }>(ids: readonly string[], rows: readonly T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
