// The generated matrix of the admin API: every operation openapi.json lists, whoever added it, is called
// four ways, and each must answer as the contract says:
//   - without a token: 401, a problem;
//   - by the owner of another office, with office A's ids: 404 when the path names an id (exactly like a
//     random id), and office A's data unchanged whatever the operation;
//   - by an observer of office A, on a write: 403, office A's data unchanged;
//   - by office A's owner: the documented 2xx.
// Path params, query and bodies come from tests/support/api-fixtures.ts; an operation without a fixture
// fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiV1 } from '../../api/v1/app.ts';
import type { ApiV1Deps } from '../../api/v1/deps.ts';
import { startTestApi, type TestApi } from '../support/api.ts';
import { fixtures, type OperationFixture, setups, type World } from '../support/api-fixtures.ts';

interface Operation {
  operationId: string;
  method: string;
  path: string;
  success: number;
}

// The document alone (no database needed to describe the API): the operations to generate tests for.
const doc = (await (await createApiV1({} as ApiV1Deps).app.request('/openapi.json')).json()) as {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
};
const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({
    operationId: op.operationId,
    method: method.toUpperCase(),
    path,
    success: Number(Object.keys(op.responses).find((s) => /^2\d\d$/.test(s))),
  })),
);

let t: TestApi;
let w: World;

beforeAll(async () => {
  t = await startTestApi();
  const a = await t.office('matrix-a');
  const b = await t.office('matrix-b');
  w = {
    api: t,
    a,
    b,
    manager: await t.member(a.id, 'manager', 'مدير المكتب'),
    broker: await t.member(a.id, 'broker', 'وسيط المكتب'),
    observer: await t.member(a.id, 'observer', 'مراقب المكتب'),
    ids: {},
  };
  for (const setup of setups) await setup(w);
});
afterAll(async () => {
  await t?.close();
});

/**
 * Everything office A holds: a digest of each table's rows that carry its organization_id. A call that
 * changes anything of office A changes this.
 */
async function snapshot(organizationId: string): Promise<Record<string, string>> {
  const tables = await t.db.$queryRaw<Array<{ table_name: string }>>`
    SELECT table_name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name = 'organization_id'
    ORDER BY table_name`;
  const digest: Record<string, string> = {};
  for (const { table_name } of tables) {
    const rows = await t.db.$queryRawUnsafe<Array<{ d: string | null }>>(
      `SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS d FROM "${table_name}" x WHERE organization_id = $1::uuid`,
      organizationId,
    );
    digest[table_name] = rows[0]?.d ?? '';
  }
  // the caller's own rate window and idempotency rows are not office A's data
  delete digest.idempotency_keys;
  return digest;
}

async function request(op: Operation, fx: OperationFixture, token: string | undefined, input: Input) {
  let url = `/api/v1${op.path}`;
  for (const [name, value] of Object.entries(input.params)) url = url.replace(`{${name}}`, encodeURIComponent(value));
  const qs = new URLSearchParams(input.query).toString();
  if (qs) url += `?${qs}`;
  const form = fx.form ? await fx.form(w) : undefined;
  return t.call(op.method, url, input.body, { token, form, headers: input.headers });
}

interface Input {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string>;
}

async function inputOf(fx: OperationFixture): Promise<Input> {
  return {
    params: (await fx.params?.(w)) ?? {},
    query: (await fx.query?.(w)) ?? {},
    body: await fx.body?.(w),
    headers: (await fx.headers?.(w)) ?? {},
  };
}

async function problem(res: Response, status: number, what: string) {
  const text = await res.text();
  expect(res.status, `${what}: ${text.slice(0, 300)}`).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(text) as { type: string; status: number };
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^urn:nova:problem:/);
}

describe('every operation of openapi.json', () => {
  it('lists operations, each with a unique operationId', () => {
    expect(operations.length).toBeGreaterThan(0);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
  });

  for (const op of operations) {
    it(`${op.operationId} (${op.method} ${op.path}): 401 without a token, 404/unchanged for another office, 403 for an observer's write, 2xx for the owner`, async () => {
      const fx = fixtures[op.operationId];
      expect(fx, `tests/support/api-fixtures.ts has no fixture for ${op.operationId}`).toBeDefined();
      if (!fx) return;
      const input = await inputOf(fx);
      const write = op.method !== 'GET';

      await problem(await request(op, fx, undefined, input), 401, 'no token');

      const before = await snapshot(w.a.id);
      const other = await request(op, fx, w.b.owner.token, input);
      if (op.path.includes('{')) {
        await problem(other, 404, "another office's owner");
      } else {
        const text = await other.text();
        expect(other.status, `another office's owner: ${text.slice(0, 300)}`).toBeLessThan(500);
        for (const id of Object.values(w.ids)) expect(text).not.toContain(id);
      }
      expect(await snapshot(w.a.id), "another office's call changed office A").toEqual(before);

      if (write && !fx.observerMay) {
        await problem(await request(op, fx, w.observer.token, input), 403, "an observer's write");
        expect(await snapshot(w.a.id), "an observer's refused write changed office A").toEqual(before);
      }

      const owner = await request(op, fx, w.a.owner.token, input);
      const text = await owner.text();
      expect(owner.status, `the owner: ${text.slice(0, 500)}`).toBe(op.success);
    });
  }
});
