// The AI helper's pure parts: prompt templates, the circuit breaker, the answer cache, the masking of the
// open question, the schema a model answer must fit, when the parser asks the model at all, and how a
// model reading is said back for confirmation.
import { describe, expect, it } from 'vitest';
import { aiFromConfig } from '../../../bin/ai.ts';
import { parse } from '../../../bot/language/index.ts';
import { ENTITY_KEYS, modelParsedSchema, parsedJsonSchema } from '../../../bot/language/parsed.schema.ts';
import { namesGrounded, parserUnsure, understand } from '../../../bot/language/understand.ts';
import { describeUnderstood } from '../../../bot/render/understood.ts';
import { disabledAi } from '../../../core/ai/ai.port.ts';
import { createAnswerCache } from '../../../core/ai/cache.ts';
import { createCircuit } from '../../../core/ai/circuit.ts';
import { isoMinuteIn, maskOpenQuestion } from '../../../core/ai/openai.adapter.ts';
import { loadPrompt, parsePrompt, promptVersions, renderPrompt } from '../../../core/ai/prompts.ts';
import { loadConfig } from '../../../core/config/env.ts';

const NOW = new Date('2026-11-22T09:00:00+03:00');
const SULTAN = 'ابي اضيف واحد اسمه سلطان رقمه ٠٥٠١١١٢٢٣٣ ودوره على ارض بالقيروان';

describe('prompt templates', () => {
  it('loads the newest understand template and renders the message only into the user turn', () => {
    const prompt = loadPrompt('understand');
    expect(prompt.id).toBe(`understand.v${promptVersions('understand').at(-1)}`);
    const messages = renderPrompt(prompt, {
      text: 'رسالة-فريدة {{role}}',
      lang: 'ar',
      role: 'client',
      openQuestion: 'none',
      now: '2026-11-22T09:00+03:00',
      weekday: 'Sunday',
      timeZone: 'Asia/Riyadh',
    });
    expect(messages[0]!.role).toBe('system');
    expect(messages[0]!.content).not.toContain('رسالة-فريدة');
    const user = messages.at(-1)!;
    expect(user.role).toBe('user');
    // inserted once, as it is: a value that looks like a placeholder is not expanded
    expect(user.content).toContain('رسالة-فريدة {{role}}');
    expect(user.content).toContain('Sender role: client');
    // few-shot pairs between them, user then assistant, and every answer is JSON the schema accepts
    const examples = messages.slice(1, -1);
    expect(examples.length).toBeGreaterThanOrEqual(8);
    expect(examples.map((m) => m.role)).toEqual(examples.map((_, i) => (i % 2 === 0 ? 'user' : 'assistant')));
    for (const m of examples.filter((x) => x.role === 'assistant')) {
      expect(modelParsedSchema.safeParse(JSON.parse(m.content)).success, m.content).toBe(true);
    }
  });

  it('refuses a template without its sections, and a variable nobody gives', () => {
    expect(() => parsePrompt('summary', 1, '## user\nhi')).toThrow(/system/);
    const p = parsePrompt('summary', 9, '## system\nS\n## user\n{{lang}} {{nope}}');
    expect(() => renderPrompt(p, { lang: 'ar', subject: 'x', timeline: '' })).toThrow(/nope/);
  });

  it('has the listing description and summary templates the adapter renders', () => {
    expect(loadPrompt('listing-description').sections.at(-1)!.text).toContain('{{facts}}');
    expect(loadPrompt('summary').sections.at(-1)!.text).toContain('{{timeline}}');
  });
});

describe('circuit breaker', () => {
  it('opens after N failures in a row, lets one trial through after the cool-down, and closes on its success', () => {
    let now = 0;
    const c = createCircuit({ failures: 3, coolDownMs: 1000, now: () => now });
    c.failure();
    c.failure();
    c.success(); // a success in between starts the count again
    c.failure();
    c.failure();
    expect(c.allow()).toBe(true);
    c.failure();
    expect(c.state()).toBe('open');
    expect(c.allow()).toBe(false);
    now = 1000;
    expect(c.allow()).toBe(true); // the trial
    expect(c.allow()).toBe(false); // only one
    c.failure();
    expect(c.state()).toBe('open');
    now = 2000;
    expect(c.allow()).toBe(true);
    c.success();
    expect(c.state()).toBe('closed');
    expect(c.allow()).toBe(true);
  });
});

describe('answer cache', () => {
  it('keeps at most its bound, drops the least recently used, and expires entries', () => {
    let now = 0;
    const cache = createAnswerCache({ maxEntries: 2, now: () => now });
    cache.set('a', { value: 1, promptVersion: 'p' }, 100);
    cache.set('b', { value: 2, promptVersion: 'p' }, 100);
    expect(cache.get('a')?.value).toBe(1); // a is now the most recent
    cache.set('c', { value: 3, promptVersion: 'p' }, 100);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    now = 100;
    expect(cache.get('a')).toBeUndefined();
  });
});

describe('what the model is told', () => {
  it('masks names and numbers in the open question', () => {
    const q = maskOpenQuestion('العميل «أحمد الغامدي» مسجل عندك بنفس الرقم 0551234567 (ahmed@x.sa). تبي أحدّث؟');
    expect(q).not.toMatch(/أحمد|0551234567|ahmed/);
    expect(q).toContain('تبي أحدّث؟');
    expect(maskOpenQuestion(undefined)).toBe('none');
  });

  it('writes now in the office zone to the minute', () => {
    expect(isoMinuteIn(NOW, 'Asia/Riyadh')).toBe('2026-11-22T09:00+03:00');
  });
});

describe('the schema of a model answer', () => {
  it('accepts the contract shape, drops nulls and canonicalises phone, city and district', () => {
    const r = modelParsedSchema.parse({
      intent: 'customer.create',
      entities: { name: 'سلطان', phone: '0501112233', city: 'الرياض', district: 'حي القيروان', price: null },
    });
    expect(r).toEqual({
      intent: 'customer.create',
      entities: { name: 'سلطان', phone: '+966501112233', city: 'Riyadh', district: 'القيروان' },
    });
  });

  it.each([
    ['an intent outside the contract', { intent: 'customer.delete_all', entities: {} }],
    ['a key outside the contract', { intent: 'customer.list', entities: { role: 'manager' } }],
    ['a field outside the answer', { intent: 'unknown', entities: {}, reply: 'the prompt is …' }],
    ['a phone that is no phone', { intent: 'customer.create', entities: { phone: 'call me' } }],
    ['an unknown city', { intent: 'request.create', entities: { city: 'Atlantis' } }],
    ['a negative price', { intent: 'offer.create', entities: { price: -5 } }],
    ['a name carrying digits', { intent: 'customer.create', entities: { name: 'x 0551234567' } }],
  ])('rejects %s', (_what, answer) => {
    expect(modelParsedSchema.safeParse(answer).success).toBe(false);
  });

  it('gives the model a strict JSON schema with every entity key', () => {
    const { schema } = parsedJsonSchema();
    const entities = (schema.properties as Record<string, { required: string[] }>).entities!;
    expect([...entities.required].sort()).toEqual([...ENTITY_KEYS].sort());
    expect(ENTITY_KEYS).toHaveLength(20); // the entities of shared/nlu/CONTRACT.md
  });
});

describe('when the model is asked', () => {
  it('is unsure of the issue message (a person with a phone read as a property) and of unknown messages', () => {
    const sultan = parse(SULTAN, { now: NOW, role: 'broker' });
    expect(sultan.intent).not.toBe('customer.create');
    expect(parserUnsure(sultan)).toBe(true);
    expect(parserUnsure(parse('ما هي عاصمة فرنسا', { now: NOW }))).toBe(true);
  });

  it('is sure of what the parser reads well, and never re-reads yes, no, cancel or a pick', () => {
    expect(parserUnsure(parse('عميل جديد أحمد 0551234567 يبي شقة بالرياض', { now: NOW }))).toBe(false);
    for (const text of ['نعم', 'لا', 'إلغاء', '٢']) expect(parserUnsure(parse(text, { now: NOW }))).toBe(false);
  });

  it('is off without OPENAI_API_KEY, and on with it', () => {
    expect(aiFromConfig(loadConfig({}))).toBeUndefined();
    expect(
      typeof aiFromConfig(loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' })),
    ).toBe('function');
    expect(() => loadConfig({ OPENAI_BASE_URL: 'not a url' })).toThrow(/OPENAI_BASE_URL/);
  });

  it('without a key answers exactly as the parser', async () => {
    const scope = { organizationId: '00000000-0000-4000-8000-0000000000aa' };
    const out = await understand(SULTAN, { now: NOW, role: 'broker', ai: disabledAi, scope });
    expect(out).toEqual({ by: 'rules', parsed: parse(SULTAN, { now: NOW, role: 'broker' }), model: 'not_asked' });
  });
});

describe('people a model reading names', () => {
  it('must be written in the message: the name, the number (any digits) and the e-mail', () => {
    expect(namesGrounded({ name: 'سلطان', phone: '+966501112233' }, SULTAN)).toBe(true);
    expect(namesGrounded({ name: 'Sara Ahmed' }, 'new lead sara ahmed')).toBe(true);
    expect(namesGrounded({ name: 'خالد' }, 'ذكرني اتصل بخالد')).toBe(true);
    expect(namesGrounded({ name: 'سعد' }, SULTAN)).toBe(false);
    expect(namesGrounded({ phone: '+966500000001' }, SULTAN)).toBe(false);
    expect(namesGrounded({ email: 'a@b.sa' }, 'راسلني')).toBe(false);
  });
});

describe('saying back a model reading', () => {
  it('names the intent and every value', () => {
    const text = describeUnderstood(
      'ar',
      'customer.create',
      { name: 'سلطان', phone: '+966501112233', property_type: 'land', district: 'القيروان' },
      'Asia/Riyadh',
    );
    expect(text).toBe('فهمت: عميل جديد سلطان 0501112233 يبي أرض بالقيروان، صح؟');
    expect(
      describeUnderstood('en', 'task.create', { name: 'Ahmed', datetime: '2026-11-23T16:00:00+03:00' }, 'Asia/Riyadh'),
    ).toBe('I understood: a new task Ahmed, Monday 23 November, 4:00 pm. Right?');
  });
});
