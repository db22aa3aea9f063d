// `Idempotency-Key` on POSTs: the first request with a key does the work and its answer is kept 24 hours
// (core/idempotency); a retry with the same key and the same request gets that answer again, status
// and body, with `Idempotent-Replayed: true`, and nothing is done twice. The same key with another body or
// path is a 422; while the first is still running, a 409. Server errors are not kept: the retry runs.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiEnv, ApiV1Deps } from './deps.ts';
import { problemResponse } from './problems.ts';

const KEY = /^[\x21-\x7e]{1,255}$/;
/** answer headers a replay repeats */
const KEPT_HEADERS = ['content-type', 'etag', 'location'];

export function idempotency(deps: ApiV1Deps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined || c.req.method !== 'POST') return next();
    if (!KEY.test(key)) {
      return problemResponse(c, 'API.INVALID_INPUT', {
        errors: [{ path: 'Idempotency-Key', message: '1 to 255 visible ASCII characters' }],
      });
    }
    const scope = c.get('scope');
    const caller = c.get('caller');
    const body = new Uint8Array(await c.req.arrayBuffer());
    const requestHash = createHash('sha256')
      .update(`${c.req.method} ${c.req.path}\n${c.req.header('content-type') ?? ''}\n`)
      .update(body)
      .digest('hex');
    const claim = await deps.idempotency.claim(scope, {
      caller: caller.id,
      key,
      method: c.req.method,
      path: c.req.path,
      requestHash,
    });
    if (claim.kind === 'mismatch') return problemResponse(c, 'API.IDEMPOTENCY_MISMATCH');
    if (claim.kind === 'in_progress') return problemResponse(c, 'API.IDEMPOTENCY_IN_PROGRESS');
    if (claim.kind === 'replay') {
      const headers: Record<string, string> = { ...claim.answer.headers, 'idempotent-replayed': 'true' };
      if (claim.status === 204 || claim.answer.body === null) return c.body(null, claim.status as 204, headers);
      return c.body(JSON.stringify(claim.answer.body), claim.status as ContentfulStatusCode, headers);
    }
    try {
      await next();
    } catch (error) {
      await deps.idempotency.release(scope, claim.id);
      throw error;
    }
    const res = c.res;
    if (res.status >= 500) {
      await deps.idempotency.release(scope, claim.id);
      return;
    }
    const text = await res.clone().text();
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = res.headers.get(name);
      if (value) headers[name] = value;
    }
    await deps.idempotency.complete(scope, claim.id, res.status, {
      body: text ? (JSON.parse(text) as unknown) : null,
      headers,
    });
  };
}
