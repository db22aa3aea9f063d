// Schemas every resource shares: ids in paths, the problem body, pages and their query (limit, cursor,
// sort), and the shape of timestamps. Each zod schema is at once the validation, the TypeScript type
// and the OpenAPI document (@hono/zod-openapi).
import { z } from '@hono/zod-openapi';

export { z };

/** `{id}` in a path: a uuid; anything else is a 400 that says nothing about any office. */
export const IdParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, example: '0b8f7c1e-5a3d-4a43-9f57-2a7d0f6e8c11' }),
});

/** A timestamp in answers: ISO 8601 in UTC. */
export const Timestamp = z.iso.datetime().openapi({ example: '2026-11-22T06:00:00.000Z' });

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:nova:problem:CUSTOMER.NOT_FOUND' }),
    title: z.string().openapi({ example: 'Customer not found' }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().openapi({ example: 'غير موجود. / Customer not found.' }),
    code: z.string().openapi({ example: 'CUSTOMER.NOT_FOUND' }),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details; `type` is stable per error code.' });

/** `limit` and `cursor` of every list. */
export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ description: 'rows per page, 1 to 100 (default 20)', example: 20 }),
  cursor: z
    .string()
    .max(600)
    .optional()
    .openapi({ description: "opaque: the previous page's `nextCursor`; the same `sort` must be kept" }),
};

/**
 * `sort`: one of the allowed fields, `-field` for descending, e.g. `-createdAt` (the default of most
 * lists).
 */
export function sortQuery<const S extends readonly [string, ...string[]]>(fields: S, defaultSort: string) {
  const values = fields.flatMap((f) => [f, `-${f}`]) as [string, ...string[]];
  return z
    .enum(values)
    .default(defaultSort)
    .openapi({ description: `one of ${fields.join(', ')}; prefix with - for descending`, example: defaultSort });
}

/** A page of a list: its items and the cursor of the next page (null on the last). */
export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().openapi({ description: 'pass as `cursor` for the next page; null: last page' }),
    })
    .openapi(name);
}

/** `a,b,c` or repeated `?x=a&x=b` as a list (query strings). */
export const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item).max(50),
  );
