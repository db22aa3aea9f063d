// A request body size limit that reads the declared length first. Hono's bodyLimit asks for
// `c.req.raw.body` before anything else, which makes @hono/node-server build a whole web Request with a
// stream over the socket (about a third of a millisecond a webhook under load) even when the
// Content-Length header already says everything: Node's HTTP parser holds a body to its declared
// length. Only a body without one (chunked) goes through Hono's counting reader.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export function bodyWithin(maxSize: number, onError: (c: Context) => Response | Promise<Response>): MiddlewareHandler {
  const counted = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(declared, 10) > maxSize ? onError(c) : next();
    }
    return counted(c, next);
  };
}
