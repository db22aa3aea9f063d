// How an admin API operation is written: one `operation({...})` per route, gathered in a resource
// (`defineResource`) that api/v1/routes/index.ts lists. The kit gives every operation the same
// behaviour, so that a route only validates, calls core with the caller's scope and maps:
//   - auth (a member's token or an API key) and the per-caller rate limit, before any validation;
//   - validation of params, query and body by their zod schemas (400 problem with the issues);
//   - `Idempotency-Key` on every POST;
//   - ETag on every GET answer (`version` gives the strong one of a resource, If-None-Match → 304),
//     `If-Match` on the writes that declare `ifMatch` (412 when stale);
//   - errors: a core Result's code, a thrown ForbiddenError or ProblemError → RFC 9457 problem;
//   - the OpenAPI document of all of it (security, parameters, headers, problem responses).
// docs/api.md describes the contract; /tmp/tools/api-infra-ready.md how to add a resource.
import { createHash } from 'node:crypto';
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { Core } from '../../core/core.ts';
import {
  type KeysetPosition,
  type Page,
  type PageRequest,
  type SortColumn,
  type SortDirection,
  validPosition,
} from '../../core/shared/keyset.ts';
import type { Result } from '../../core/shared/result.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { isForbidden } from '../../core/teams/authorize.ts';
import { bodyWithin } from '../body-limit.ts';
import { authenticate, type MemberCache } from './auth.ts';
import type { ApiEnv, ApiV1Deps, Caller } from './deps.ts';
import { idempotency } from './idempotency.ts';
import { isProblemCode, PROBLEMS, type ProblemCode, ProblemError, problemResponse } from './problems.ts';
import { ProblemSchema } from './schemas.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type SuccessStatus = 200 | 201 | 202 | 204;
type AnyObject = z.ZodType<Record<string, unknown>>;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a resource's updates are checked against: its id and last change. */
export interface Versioned {
  id: string;
  updatedAt: Date;
}

/** The strong ETag of a version of a resource. */
export function etagOf(v: Versioned): string {
  const hash = createHash('sha256').update(`${v.id}:${v.updatedAt.toISOString()}`).digest('base64url');
  return `"${hash.slice(0, 27)}"`;
}

/** What a handler answers: a body (with its status and version), or a problem. */
export type Answer<T> =
  | { kind: 'ok'; status?: SuccessStatus; body: T; version?: Versioned; headers?: Record<string, string> }
  | { kind: 'problem'; code: ProblemCode; details?: Record<string, unknown> };

export const answer = <T>(
  body: T,
  options: { status?: SuccessStatus; version?: Versioned; headers?: Record<string, string> } = {},
): Answer<T> => ({ kind: 'ok', body, ...options });

export const failure = (code: ProblemCode, details?: Record<string, unknown>): Answer<never> => ({
  kind: 'problem',
  code,
  details,
});

/** A core Result as an answer: its value mapped, or its error code as a problem. */
export function fromResult<V, C extends string, T>(
  result: Result<V, C>,
  map: (value: V) => T,
  options: { status?: SuccessStatus; version?: (value: V) => Versioned } = {},
): Answer<T> {
  if (!result.ok) {
    const code = result.error.code;
    if (!isProblemCode(code)) throw new Error(`unmapped core error code ${code}: add it to api/v1/problems.ts`);
    return failure(code, result.error.details);
  }
  return answer(map(result.value), {
    status: options.status,
    version: options.version?.(result.value),
  });
}

export interface OperationContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** the caller as a member of his office (role, teams, via 'api'): the first argument of every core call */
  scope: Scope;
  caller: Caller;
  /** core over the pool, for reads */
  core: Core;
  /**
   * Runs `work` in one transaction over a core bound to it; jobs it queues go out after the commit. A
   * failed Result it returns (or a ProblemError, ForbiddenError or any error it throws) rolls it back.
   */
  write<T>(work: (core: Core) => Promise<T>): Promise<T>;
  /** Throws 412 when the request's If-Match names another version than `current` (absent: passes). */
  ifMatch(current: Versioned): void;
  /** the keyset request of a list from its `limit`, `cursor` and `sort` (400 on a foreign cursor) */
  pageRequest<S extends string>(
    query: { limit: number; cursor?: string; sort: string },
    columns: Record<S, SortColumn>,
  ): PageRequest<S>;
  /** a page of core as the list answer: items mapped, and the next cursor */
  pageAnswer<R extends { id: string }, T>(
    query: { sort: string },
    page: Page<R>,
    map: (row: R) => T,
  ): Answer<{ items: T[]; nextCursor: string | null }>;
  deps: ApiV1Deps;
  /** Hono's context: headers, multipart bodies */
  c: Context<ApiEnv>;
}

export interface OperationSpec<
  P extends AnyObject | undefined,
  Q extends AnyObject | undefined,
  B extends z.ZodType | undefined,
  R extends z.ZodType | undefined,
> {
  /** unique, camelCase: listCustomers, getCustomer, createCustomer, … (the test fixtures are keyed by it) */
  operationId: string;
  method: Method;
  /** OpenAPI style, relative to /api/v1: '/customers/{id}' */
  path: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** the body's media type: JSON (default) or a multipart form (uploads) */
  bodyType?: 'json' | 'multipart';
  /** the largest body accepted, in bytes (default 1 MiB for JSON, 10 MiB for multipart) */
  maxBodyBytes?: number;
  success: { status: SuccessStatus; description: string; schema?: R };
  /** the problem codes this operation answers with, for the document (any code still maps) */
  errors?: readonly ProblemCode[];
  /** the write checks If-Match (call ctx.ifMatch) */
  ifMatch?: boolean;
  handler: (ctx: OperationContext<Out<P>, Out<Q>, Out<B>>) => Promise<Answer<R extends z.ZodType ? z.input<R> : null>>;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds operations of every shape
export type AnyOperation = OperationSpec<any, any, any, any>;

export function operation<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
>(spec: OperationSpec<P, Q, B, R>): AnyOperation {
  return spec as AnyOperation;
}

export interface Resource {
  /** the OpenAPI tag: customers, properties, … */
  tag: string;
  description: string;
  operations: AnyOperation[];
}

export const defineResource = (tag: string, description: string, operations: AnyOperation[]): Resource => ({
  tag,
  description,
  operations,
});

/** A failed Result inside write(): carried out of the transaction, which it rolls back. */
class Rollback extends Error {
  constructor(readonly result: unknown) {
    super('rollback');
  }
}

const isFailedResult = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  (value as { ok?: unknown }).ok === false &&
  'error' in value &&
  (value as { kind?: unknown }).kind === undefined;

// ── cursors ────────────────────────────────────────────────────────────────────────────────────────

function parseSort(sort: string): { field: string; direction: SortDirection } {
  return sort.startsWith('-') ? { field: sort.slice(1), direction: 'desc' } : { field: sort, direction: 'asc' };
}

/** The opaque cursor: the sort it belongs to and the position after which the next page starts. */
export function encodeCursor(sort: string, position: KeysetPosition): string {
  return Buffer.from(JSON.stringify({ s: sort, v: position.value, i: position.id })).toString('base64url');
}

export function decodeCursor(cursor: string, sort: string, column: SortColumn): KeysetPosition {
  const bad = () =>
    new ProblemError('API.INVALID_INPUT', {
      errors: [{ path: 'cursor', message: 'not a cursor of this list and sort: start again without one' }],
    });
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const d = decoded as { s?: unknown; v?: unknown; i?: unknown } | null;
  if (!d || d.s !== sort || typeof d.i !== 'string' || (typeof d.v !== 'string' && typeof d.v !== 'number'))
    throw bad();
  const position = { value: d.v, id: d.i };
  if (!validPosition(column, position)) throw bad();
  return position;
}

// ── registration ───────────────────────────────────────────────────────────────────────────────────

const ANSWER_HEADERS = {
  etag: {
    ETag: { description: 'the version of what was answered (send it back as If-Match)', schema: { type: 'string' } },
  },
};

function problemResponses(op: AnyOperation) {
  const byStatus = new Map<number, Set<string>>();
  const add = (code: ProblemCode) => {
    const status = PROBLEMS[code].status;
    if (!byStatus.has(status)) byStatus.set(status, new Set());
    byStatus.get(status)!.add(code);
  };
  add('API.INVALID_INPUT');
  add('API.UNAUTHORIZED');
  add('AUTH.FORBIDDEN');
  add('API.RATE_LIMITED');
  if (op.method !== 'get') add('API.READ_ONLY_KEY');
  if (op.params) add('API.NOT_FOUND');
  if (op.ifMatch) add('API.PRECONDITION_FAILED');
  if (op.method === 'post') {
    add('API.IDEMPOTENCY_MISMATCH');
    add('API.IDEMPOTENCY_IN_PROGRESS');
  }
  for (const code of op.errors ?? []) add(code);
  const responses: Record<string, unknown> = {};
  for (const [status, codes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    responses[String(status)] = {
      description: `Problem: ${[...codes].sort().join(', ')}`,
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  return responses;
}

function headersSchema(op: AnyOperation, zod: typeof z) {
  const shape: Record<string, z.ZodType> = {};
  if (op.ifMatch) {
    shape['if-match'] = zod
      .string()
      .max(200)
      .optional()
      .openapi({ description: 'the ETag read: the write is refused (412) if the resource changed since' });
  }
  if (op.method === 'post') {
    shape['idempotency-key'] = zod
      .string()
      .min(1)
      .max(255)
      .optional()
      .openapi({ description: 'a retried POST with the same key answers the first result (kept 24 h)' });
  }
  return Object.keys(shape).length ? zod.object(shape) : undefined;
}

/** Registers one operation on the v1 app. */
export function register(
  app: OpenAPIHono<ApiEnv>,
  deps: ApiV1Deps,
  op: AnyOperation,
  tag: string,
  zod: typeof z,
  members: MemberCache,
) {
  const mediaType = op.bodyType === 'multipart' ? 'multipart/form-data' : 'application/json';
  const maxBytes = op.maxBodyBytes ?? (op.bodyType === 'multipart' ? 10 * 1024 * 1024 : 1024 * 1024);
  const middleware: MiddlewareHandler<ApiEnv>[] = [authenticate(deps, members)];
  if (op.body) {
    middleware.push(
      bodyWithin(maxBytes, (c) => problemResponse(c, 'API.PAYLOAD_TOO_LARGE')) as MiddlewareHandler<ApiEnv>,
    );
  }
  if (op.method === 'post') middleware.push(idempotency(deps));
  const headers = headersSchema(op, zod);
  const success = op.success;
  const route = createRoute({
    method: op.method,
    path: op.path,
    operationId: op.operationId,
    tags: [tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    security: [{ bearerAuth: [] }],
    middleware,
    request: {
      ...(op.params ? { params: op.params } : {}),
      ...(op.query ? { query: op.query } : {}),
      ...(headers ? { headers } : {}),
      ...(op.body ? { body: { required: true, content: { [mediaType]: { schema: op.body } } } } : {}),
    },
    responses: {
      [String(success.status)]: {
        description: success.description,
        ...(success.schema ? { content: { 'application/json': { schema: success.schema } } } : {}),
        ...(op.method === 'get' || op.ifMatch ? { headers: ANSWER_HEADERS.etag } : {}),
      },
      ...(op.method === 'get' ? { 304: { description: 'Not modified (If-None-Match)' } } : {}),
      ...problemResponses(op),
    },
  });

  const handler = async (c: Context<ApiEnv>) => {
    const valid = c.req as unknown as { valid(target: string): unknown };
    const ctx: OperationContext<unknown, unknown, unknown> = {
      params: op.params ? valid.valid('param') : undefined,
      query: op.query ? valid.valid('query') : undefined,
      body: op.body ? valid.valid(op.bodyType === 'multipart' ? 'form' : 'json') : undefined,
      scope: c.get('scope'),
      caller: c.get('caller'),
      core: deps.core,
      deps,
      c,
      async write(work) {
        try {
          const out = await deps.transact(async (core) => {
            const out = await work(core);
            if (isFailedResult(out)) throw new Rollback(out);
            return out;
          });
          // a write may have changed a member's role or teams: the next call loads them afresh
          members.clear();
          return out;
        } catch (error) {
          if (error instanceof Rollback) return error.result as never;
          throw error;
        }
      },
      ifMatch(current) {
        const sent = c.req.header('if-match');
        if (sent === undefined) return;
        const tags = sent.split(',').map((t) => t.trim().replace(/^W\//, ''));
        if (!tags.includes('*') && !tags.includes(etagOf(current))) throw new ProblemError('API.PRECONDITION_FAILED');
      },
      pageRequest(query, columns) {
        const { field, direction } = parseSort(query.sort);
        const column = (columns as Record<string, SortColumn>)[field];
        if (!column)
          throw new ProblemError('API.INVALID_INPUT', { errors: [{ path: 'sort', message: 'not allowed' }] });
        return {
          limit: query.limit,
          sort: field as never,
          direction,
          ...(query.cursor ? { after: decodeCursor(query.cursor, query.sort, column) } : {}),
        };
      },
      pageAnswer(query, page, map) {
        return answer({
          items: page.items.map(map),
          nextCursor: page.next ? encodeCursor(query.sort, page.next) : null,
        });
      },
    };
    let result: Answer<unknown>;
    try {
      result = await op.handler(ctx);
    } catch (error) {
      if (error instanceof ProblemError) return problemResponse(c, error.code, error.extra);
      if (isForbidden(error)) return problemResponse(c, 'AUTH.FORBIDDEN');
      throw error;
    }
    if (result.kind === 'problem') return problemResponse(c, result.code, { details: result.details });
    return send(c, op, result);
  };
  app.openapi(route, handler as never);
}

function send(c: Context<ApiEnv>, op: AnyOperation, result: Extract<Answer<unknown>, { kind: 'ok' }>) {
  const status = result.status ?? op.success.status;
  const headers: Record<string, string> = { 'cache-control': 'private, no-cache', ...result.headers };
  if (status === 204) return c.body(null, 204, headers);
  const text = JSON.stringify(result.body);
  const etag = result.version
    ? etagOf(result.version)
    : op.method === 'get'
      ? `W/"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`
      : undefined;
  if (etag) headers.etag = etag;
  if (op.method === 'get' && etag) {
    const none = c.req.header('if-none-match');
    if (none?.split(',').some((t) => t.trim() === etag || t.trim() === '*')) return c.body(null, 304, headers);
  }
  headers['content-type'] = 'application/json; charset=utf-8';
  return c.body(text, status, headers);
}
