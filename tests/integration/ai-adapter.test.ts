// The OpenAI adapter against the fake OpenAI-compatible server and a real database: what it sends, its
// timeouts, errors and bad answers, the circuit breaker, the daily budget, the cache, and usage per office.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Ai } from '../../core/ai/ai.port.ts';
import { createOpenAiAdapter } from '../../core/ai/openai.adapter.ts';
import { createAiUsage } from '../../core/ai/usage.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const NOW = '2026-11-22T09:00:00+03:00';
let database: TestDatabase;
let fake: FakeOpenAi;
let clock: ManualClock;
let org: string;
let other: string;
let ai: Ai;

const adapter = (over: Partial<Parameters<typeof createOpenAiAdapter>[0]> = {}) =>
  createOpenAiAdapter({
    apiKey: 'test-key',
    baseURL: fake.url,
    model: 'fake-model',
    transcribeModel: 'fake-transcribe',
    dailyBudgetCalls: 100,
    understandTimeoutMs: 300,
    timeoutMs: 300,
    timeZone: 'Asia/Riyadh',
    db: database.db,
    clock,
    logger: silentLogger,
    circuit: { failures: 3, coolDownMs: 30_000 },
    ...over,
  });

const input = (text: string) => ({
  text,
  lang: 'ar' as const,
  role: 'broker' as const,
  now: clock.now(),
  timeZone: 'Asia/Riyadh',
});
const scope = () => ({ organizationId: org });

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeOpenAi();
  const a = await database.db.organization.create({ data: { name: 'A', slug: 'ai-a' } });
  const b = await database.db.organization.create({ data: { name: 'B', slug: 'ai-b' } });
  org = a.id;
  other = b.id;
});
afterAll(async () => {
  await fake?.close();
  await database?.drop();
});
beforeEach(async () => {
  fake.reset();
  clock = new ManualClock(NOW);
  await database.db.aiUsage.deleteMany({});
  ai = adapter();
});

describe('the OpenAI adapter', () => {
  it('sends the rendered prompt with the structured-output schema, and counts the call with its prompt version', async () => {
    fake.script({
      json: { intent: 'customer.list', entities: {} },
      usage: { prompt_tokens: 200, completion_tokens: 12 },
    });
    const schema = { name: 'parsed_message', schema: { type: 'object' } };
    const out = await ai.understand(scope(), { ...input('رسالة اختبار'), responseSchema: schema });
    expect(out).toEqual({
      ok: true,
      value: { intent: 'customer.list', entities: {} },
      promptVersion: 'understand.v1',
      cached: false,
    });
    const body = fake.requests[0]!.body!;
    expect(fake.requests[0]!.path).toBe('/v1/chat/completions');
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer test-key');
    expect(body.model).toBe('fake-model');
    expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { ...schema, strict: true } });
    const messages = body.messages as Array<{ role: string; content: string }>;
    expect(messages[0]!.role).toBe('system');
    expect(messages.at(-1)!.content).toContain('رسالة اختبار');
    expect(messages.at(-1)!.content).toContain('Now: 2026-11-22T09:00+03:00 (Sunday)');
    expect(await createAiUsage(database.db).ofDay(org, '2026-11-22')).toEqual([
      {
        kind: 'understand',
        promptVersion: 'understand.v1',
        calls: 1,
        cached: 0,
        failures: 0,
        inputTokens: 200,
        outputTokens: 12,
      },
    ]);
  });

  it('answers the same input again from the cache, for the same office only', async () => {
    fake.script({ json: { intent: 'help', entities: {} } }, { json: { intent: 'help', entities: {} } });
    await ai.understand(scope(), input('مرة'));
    const again = await ai.understand(scope(), input('مرة'));
    expect(again).toMatchObject({ ok: true, cached: true, promptVersion: 'understand.v1' });
    expect(fake.requests).toHaveLength(1);
    await ai.understand({ organizationId: other }, input('مرة'));
    expect(fake.requests).toHaveLength(2);
    const [row] = await createAiUsage(database.db).ofDay(org, '2026-11-22');
    expect(row).toMatchObject({ calls: 1, cached: 1 });
  });

  it('gives up on a server that does not answer within the timeout, and on a 500', async () => {
    fake.script({ hang: true }, { status: 500 });
    const started = Date.now();
    expect(await ai.understand(scope(), input('بطيء'))).toEqual({ ok: false, reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await ai.understand(scope(), input('خطأ'))).toEqual({ ok: false, reason: 'error' });
    const [row] = await createAiUsage(database.db).ofDay(org, '2026-11-22');
    expect(row).toMatchObject({ calls: 2, failures: 2 });
  });

  it('calls an answer that is not JSON invalid', async () => {
    fake.script({ content: 'Sure! Here are your customers: …' });
    expect(await ai.understand(scope(), input('x'))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('opens the circuit after three failures in a row and tries again after the cool-down', async () => {
    fake.otherwise = () => ({ status: 503 });
    for (let i = 0; i < 3; i++) expect(await ai.understand(scope(), input(`f${i}`))).toMatchObject({ reason: 'error' });
    expect(await ai.understand(scope(), input('f3'))).toEqual({ ok: false, reason: 'circuit_open' });
    expect(fake.requests).toHaveLength(3); // the open circuit sent nothing
    clock.advance(30_000);
    fake.otherwise = () => ({ json: { intent: 'help', entities: {} } });
    expect(await ai.understand(scope(), input('f4'))).toMatchObject({ ok: true });
    expect(await ai.understand(scope(), input('f5'))).toMatchObject({ ok: true });
    expect(fake.requests).toHaveLength(5);
  });

  it('stops calling for the day when the office budget is spent, and not for another office', async () => {
    const small = adapter({ dailyBudgetCalls: 2 });
    fake.otherwise = () => ({ json: { intent: 'help', entities: {} } });
    expect(await small.understand(scope(), input('1'))).toMatchObject({ ok: true });
    expect(await small.understand(scope(), input('2'))).toMatchObject({ ok: true });
    expect(await small.understand(scope(), input('3'))).toEqual({ ok: false, reason: 'budget' });
    expect(fake.requests).toHaveLength(2);
    expect(await small.understand({ organizationId: other }, input('3'))).toMatchObject({ ok: true });
    clock.advance(24 * 3_600_000); // the next day
    expect(await small.understand(scope(), input('4'))).toMatchObject({ ok: true });
  });

  it('writes listing adverts and summaries as structured JSON, and transcribes audio', async () => {
    fake.script(
      { json: { ar: 'فيلا للبيع في النرجس', en: 'Villa for sale in Al Narjis' } },
      { json: { lines: ['سطر ١', 'سطر ٢'] } },
      { transcript: 'ذكرني اتصل بفهد بكرة', language: 'ar' },
    );
    const described = await ai.describeListing(scope(), {
      propertyType: 'villa',
      listingType: 'sale',
      district: 'النرجس',
      price: 2_000_000,
      area: null,
      regaLicence: '7200012345',
    });
    expect(described).toMatchObject({
      ok: true,
      value: { ar: 'فيلا للبيع في النرجس' },
      promptVersion: 'listing-description.v1',
    });
    const sentFacts = (fake.requests[0]!.body!.messages as Array<{ content: string }>).at(-1)!.content;
    expect(sentFacts).toContain('"regaLicence":"7200012345"');
    expect(sentFacts).not.toContain('"area"'); // only facts with a value
    expect((fake.requests[0]!.body!.response_format as { type: string }).type).toBe('json_schema');

    const summary = await ai.summarize(scope(), {
      lang: 'ar',
      subject: 'فهد',
      timeline: [{ at: '2026-11-20T10:00:00Z', kind: 'note', text: 'يبي فيلا' }],
    });
    expect(summary).toMatchObject({ ok: true, value: ['سطر ١', 'سطر ٢'], promptVersion: 'summary.v1' });

    const heard = await ai.transcribe(scope(), {
      data: new Uint8Array([1, 2, 3, 4]),
      mimeType: 'audio/ogg',
      fileName: 'voice.ogg',
    });
    expect(heard).toMatchObject({ ok: true, value: { text: 'ذكرني اتصل بفهد بكرة', language: 'ar' } });
    expect(fake.requests[2]!.path).toBe('/v1/audio/transcriptions');
    expect(fake.requests[2]!.raw).toContain('fake-transcribe');
    const kinds = (await createAiUsage(database.db).ofDay(org, '2026-11-22')).map((r) => [r.kind, r.calls]);
    expect(kinds).toEqual([
      ['describe', 1],
      ['summarize', 1],
      ['transcribe', 1],
    ]);
  });

  it('rejects an advert or a summary that is not in the asked shape', async () => {
    fake.script({ json: { ar: 'نص' } }, { json: { lines: [] } });
    expect(await ai.describeListing(scope(), { propertyType: 'land', listingType: 'sale' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await ai.summarize(scope(), { lang: 'en', subject: 'x', timeline: [] })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});
