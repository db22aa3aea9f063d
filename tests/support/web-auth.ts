// The web surface of a test Nova (bin/http.ts buildWeb: /auth, /chat, /o) over its runtime, with a
// code sink that records sign-in codes, a capturing logger, and helpers that call it like a browser
// would (JSON bodies, a cookie jar, a Bearer token, a network address per call).
import type { Hono } from 'hono';
import { createApp } from '../../api/app.ts';
import { buildWeb } from '../../bin/http.ts';
import type { Auth } from '../../core/auth/auth.ts';
import { createLogger, type Logger } from '../../core/shared/logger.ts';
import type { TestNova } from './nova.ts';

export const TEST_MASTER_SECRET = 'test-master-secret-of-at-least-32-characters';

export interface SentCode {
  phone: string;
  code: string;
  office: { slug: string; name: string };
}

export interface CallOptions {
  ip?: string;
  token?: string;
  cookies?: CookieJar;
  headers?: Record<string, string>;
}

/** Cookies as a browser keeps them for this origin (name → value), from Set-Cookie answers. */
export class CookieJar {
  readonly values = new Map<string, string>();
  readonly raw: string[] = [];
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      this.raw.push(line);
      const [pair, ...attributes] = line.split(';').map((p) => p.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const expired = attributes.some((a) => /^max-age=0$/i.test(a)) || value === '';
      if (expired) this.values.delete(name);
      else this.values.set(name, value);
    }
  }
  header(): string | undefined {
    return this.values.size ? [...this.values].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
  }
  get(name: string): string | undefined {
    return this.values.get(name);
  }
  set(name: string, value: string): void {
    this.values.set(name, value);
  }
}

export async function startTestWeb(nova: TestNova, options: { demo?: boolean; logLines?: string[] } = {}) {
  const codes: SentCode[] = [];
  const logger: Logger = createLogger(
    'trace',
    options.logLines ? { write: (line: string) => void options.logLines!.push(line) } : { write: () => {} },
  );
  const web = await buildWeb({
    db: nova.runtime.db,
    inbox: nova.runtime.inbox,
    jobs: nova.runtime.jobs,
    clock: nova.clock,
    logger,
    masterSecret: TEST_MASTER_SECRET,
    demo: options.demo ?? false,
    secureCookies: false,
    devCodeSink: (sent) => void codes.push(sent),
    // the test names the caller's address in a header (the TCP peer is always 127.0.0.1 here)
    clientIp: (c) => c.req.header('x-test-ip') ?? '127.0.0.1',
  });
  const app: Hono = createApp({ logger, readiness: {}, mounts: web.mounts });

  async function call(method: string, path: string, body?: unknown, o: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { 'x-test-ip': o.ip ?? '10.0.0.1', ...o.headers };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const cookie = o.cookies?.header();
    if (cookie) headers.cookie = cookie;
    const res = await app.request(path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    o.cookies?.take(res);
    return res;
  }

  /** Waits until a code for this phone arrives in the sink after `since` codes, and returns it. */
  async function nextCode(phone: string, since: number, timeoutMs = 10_000): Promise<string> {
    const started = Date.now();
    for (;;) {
      const found = codes.slice(since).find((c) => c.phone === phone);
      if (found) return found.code;
      if (Date.now() - started > timeoutMs) throw new Error('no sign-in code arrived');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  return { app, auth: web.auth as Auth, codes, call, nextCode, logger };
}

export type TestWeb = Awaited<ReturnType<typeof startTestWeb>>;
