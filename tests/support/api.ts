// The admin API of a test Nova, built in-process like `nova start` builds it (bin/http.ts buildWeb):
// two offices with members of every role that matters (owner, manager, broker, observer in office A; an
// owner in office B), their access tokens and API keys, and a `call` helper that speaks JSON.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { createApp } from '../../api/app.ts';
import type { ApiV1Deps } from '../../api/v1/deps.ts';
import { buildWeb } from '../../bin/http.ts';
import type { Auth } from '../../core/auth/auth.ts';
import { createLogger } from '../../core/shared/logger.ts';
import { systemScope } from '../../core/shared/scope.ts';
import { deriveKey } from '../../core/shared/secrets.ts';
import { createLocalStorage } from '../../core/storage/local.storage.ts';
import type { UserRole } from '../../core/teams/permissions.ts';
import { startTestNova, type TestNova } from './nova.ts';
import { TEST_MASTER_SECRET } from './web-auth.ts';

export interface TestMember {
  id: string;
  organizationId: string;
  name: string;
  phone: string;
  role: UserRole;
  /** a live access token of hers */
  token: string;
}

export interface TestOffice {
  id: string;
  slug: string;
  owner: TestMember;
}

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
  /** a FormData body (multipart) instead of JSON */
  form?: FormData;
}

let phoneCounter = 0;
const nextPhone = () => `+9665${String(70_000_000 + process.pid * 100 + ++phoneCounter).slice(-8)}`;

export async function startTestApi(
  options: { rateLimit?: { limit: number; windowMs: number }; workers?: boolean } = {},
) {
  const nova: TestNova = await startTestNova({
    workers: options.workers ?? false,
    // the key bin/api.ts seals webhook secrets with, so that the workers can sign deliveries
    webhooks: { secretsKey: () => deriveKey(TEST_MASTER_SECRET, 'webhooks.secrets') },
  });
  const storageDir = await mkdtemp(path.join(tmpdir(), 'nova-api-'));
  const logLines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void logLines.push(line) });
  const web = await buildWeb({
    db: nova.runtime.db,
    inbox: nova.runtime.inbox,
    jobs: nova.runtime.jobs,
    clock: nova.clock,
    logger,
    masterSecret: TEST_MASTER_SECRET,
    demo: false,
    secureCookies: false,
    storage: createLocalStorage(storageDir),
    apiRateLimit: options.rateLimit ?? { limit: 100_000, windowMs: 60_000 },
  });
  const app: Hono = createApp({ logger, readiness: {}, mounts: web.mounts });
  const auth: Auth = web.auth;
  const api: ApiV1Deps = web.api;
  const db = nova.db;

  async function office(slug: string): Promise<TestOffice> {
    const org = await db.organization.create({ data: { name: `مكتب ${slug}`, slug } });
    await db.channelAccount.create({ data: { organizationId: org.id, kind: 'web', externalId: slug } });
    const owner = await member(org.id, 'owner', `مالك ${slug}`);
    return { id: org.id, slug, owner };
  }

  async function member(organizationId: string, role: UserRole, name = `${role} member`): Promise<TestMember> {
    const phone = nextPhone();
    const user = await db.user.create({ data: { organizationId, name, phone, role } });
    const org = await db.organization.findUniqueOrThrow({ where: { id: organizationId } });
    const session = await auth.sessions.start({
      userId: user.id,
      organizationId,
      name,
      phone,
      role,
      office: { slug: org.slug, name: org.name },
    });
    return { id: user.id, organizationId, name, phone, role, token: session.accessToken };
  }

  /** An API key of the office acting as `m` (created as the operator would: `nova apikey create`). */
  async function apiKey(m: TestMember, readOnly = false): Promise<{ id: string; key: string }> {
    const created = await api.core.apiKeys.create(
      { ...systemScope(m.organizationId), via: 'cli' },
      { name: `key of ${m.role}`, userId: m.id, readOnly },
    );
    if (!created.ok) throw new Error(created.error.code);
    return { id: created.value.id, key: created.value.key };
  }

  async function call(method: string, url: string, body?: unknown, o: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let payload: string | FormData | undefined;
    if (o.form) payload = o.form;
    else if (body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    return app.request(url, { method, headers, body: payload });
  }

  return {
    nova,
    db,
    app,
    auth,
    api,
    logLines,
    office,
    member,
    apiKey,
    call,
    async close() {
      await nova.close();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

export type TestApi = Awaited<ReturnType<typeof startTestApi>>;
