// The admin API's contract: /api/v1/openapi.json is a valid OpenAPI 3.1 document (checked by an
// independent validator), describes every route the app serves and nothing else, and is public; every
// operation is secured by the bearer scheme and documents its problem answers.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiV1 } from '../../api/v1/app.ts';
import { PROBLEMS, problemType } from '../../api/v1/problems.ts';
import { startTestApi, type TestApi } from '../support/api.ts';

type Doc = {
  openapi: string;
  info: { title: string };
  paths: Record<
    string,
    Record<string, { operationId: string; security?: unknown[]; responses: Record<string, { content?: object }> }>
  >;
  components: { securitySchemes: Record<string, unknown> };
};

let t: TestApi;
let doc: Doc;

beforeAll(async () => {
  t = await startTestApi();
  const res = await t.call('GET', '/api/v1/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
});
afterAll(async () => {
  await t?.close();
});

describe('openapi.json', () => {
  it('is served without a token and validates as OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Nova admin API');
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(doc)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('lists exactly the routes the API serves (every method and path, each with a unique operationId)', () => {
    const { app } = createApiV1(t.api);
    const served = new Set(
      app.routes.filter((r) => r.method !== 'ALL' && r.path !== '/openapi.json').map((r) => `${r.method} ${r.path}`),
    );
    const documented = new Set<string>();
    const ids = new Set<string>();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
        expect(ids.has(op.operationId), op.operationId).toBe(false);
        ids.add(op.operationId);
      }
    }
    expect([...served].sort()).toEqual([...documented].sort());
    // the CRM resources of this issue are among them
    for (const id of [
      'listCustomers',
      'createCustomer',
      'assignCustomer',
      'listRequests',
      'uploadPropertyImage',
      'publishProperty',
      'listOffers',
      'acceptMatch',
      'rejectMatch',
      'createApiKey',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it('secures every operation with the bearer scheme and documents 401 and 403 problems', () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods)) {
        expect(op.security, op.operationId).toEqual([{ bearerAuth: [] }]);
        expect(op.responses['401']?.content, op.operationId).toHaveProperty(['application/problem+json']);
        expect(op.responses['403']?.content, op.operationId).toHaveProperty(['application/problem+json']);
      }
    }
  });

  it('gives every problem code one stable type, and every type a status and both languages', () => {
    const types = new Set<string>();
    for (const [code, text] of Object.entries(PROBLEMS)) {
      const type = problemType(code as keyof typeof PROBLEMS);
      expect(type).toBe(`urn:nova:problem:${code}`);
      types.add(type);
      expect(text.status).toBeGreaterThanOrEqual(400);
      expect(text.ar).toMatch(/[\u0600-\u06FF]/);
      expect(text.en).toMatch(/[A-Za-z]/);
    }
    expect(types.size).toBe(Object.keys(PROBLEMS).length);
    expect(PROBLEMS['AUTH.FORBIDDEN'].status).toBe(403);
    expect(PROBLEMS['CUSTOMER.NOT_FOUND'].status).toBe(404);
  });

  it('answers an unknown path under /api/v1 with a 404 problem', async () => {
    const res = await t.call('GET', '/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { type: string }).type).toBe('urn:nova:problem:API.NOT_FOUND');
  });

  it('serves the reference page and its script from this server, without a CDN or web fonts', async () => {
    const page = await t.call('GET', '/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/api/docs/assets/scalar.js');
    expect(html).toContain('/api/v1/openapi.json');
    expect(html).not.toMatch(/cdn\.jsdelivr|fonts\.scalar|https?:\/\//);
    const script = await t.call('GET', '/api/docs/assets/scalar.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});
