// The AI helper's listing adverts, customer summaries and voice notes end to end, with the fake
// OpenAI-compatible server (issue 15), and the same chats with the helper off (as without a key):
// - a confirmed listing gets an Arabic and English advert from its facts only (an invented pool is
//   stripped, the REGA licence kept), accepted onto the property or replaced by the owner's own text;
//   an advert that is mostly invention is not offered; without a key no step is added;
// - «لخص لي وضع فهد»: the model rephrases the timeline the broker may see and its invented lines are
//   dropped; a broker of another team cannot summarize a customer he does not see; without a key Nova's own summary;
// - a voice note without a key, too long, or not transcribed is answered with a polite request to type,
//   and the question that waited is still there.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Ai, disabledAi } from '../../core/ai/ai.port.ts';
import { createOpenAiAdapter } from '../../core/ai/openai.adapter.ts';
import { type FakeAnswer, type FakeOpenAi, type RecordedRequest, startFakeOpenAi } from '../support/fake-openai.ts';
import { SAAD, startTestNova, type TestNova } from '../support/nova.ts';

let nova: TestNova;
let fake: FakeOpenAi;
/** false: the helper answers as without a key (disabledAi) */
let aiOn = true;

/** The adapter behind a switch: off, it is exactly disabledAi. */
function switchable(real: Ai): Ai {
  return {
    get enabled() {
      return aiOn && real.enabled;
    },
    understand: (scope, input) => (aiOn ? real.understand(scope, input) : disabledAi.understand(scope, input)),
    describeListing: (scope, facts) =>
      aiOn ? real.describeListing(scope, facts) : disabledAi.describeListing(scope, facts),
    summarize: (scope, input) => (aiOn ? real.summarize(scope, input) : disabledAi.summarize(scope, input)),
    transcribe: (scope, audio) => (aiOn ? real.transcribe(scope, audio) : disabledAi.transcribe(scope, audio)),
  };
}

/** What the fake model answers, by the kind of request. */
const script: { advert: FakeAnswer; summary: FakeAnswer; transcript: FakeAnswer } = {
  advert: { status: 500 },
  summary: { status: 500 },
  transcript: { status: 500 },
};
const systemOf = (r: RecordedRequest) =>
  String((r.body?.messages as Array<{ content: string }> | undefined)?.[0]?.content ?? '');
const userOf = (r: RecordedRequest) =>
  String((r.body?.messages as Array<{ content: string }> | undefined)?.at(-1)?.content ?? '');
const isAdvert = (r: RecordedRequest) => systemOf(r).includes('property adverts');
const isSummary = (r: RecordedRequest) => systemOf(r).includes('summarize one customer');

beforeAll(async () => {
  fake = await startFakeOpenAi();
  nova = await startTestNova({
    ai: ({ db, clock, logger }) =>
      switchable(
        createOpenAiAdapter({
          apiKey: 'test-key',
          baseURL: fake.url,
          model: 'fake-model',
          transcribeModel: 'fake-transcribe',
          dailyBudgetCalls: 100,
          understandTimeoutMs: 3_000,
          timeoutMs: 5_000,
          timeZone: 'Asia/Riyadh',
          db,
          clock,
          logger,
        }),
      ),
  });
});
afterAll(async () => {
  await nova?.close();
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  fake.otherwise = (r) => {
    if (r.path.endsWith('/audio/transcriptions')) return script.transcript;
    if (isAdvert(r)) return script.advert;
    if (isSummary(r)) return script.summary;
    return { json: { intent: 'unknown', entities: {} } };
  };
  aiOn = true;
});

const texts = (replies: Array<{ text: string }>) => replies.map((r) => r.text);

describe('listing adverts', () => {
  it('offers a broker the advert of his listing without the invented pool, with his licence, and saves it', async () => {
    script.advert = {
      json: {
        ar: 'فيلا للبيع في حي الياسمين بالرياض. مساحتها ٦٠٠ م². فيها مسبح خاص وحديقة. السعر ٤٬٠٠٠٬٠٠٠ ريال. رقم ترخيص الإعلان: 7200012345',
        en: 'Villa for sale in Al Yasmin, Riyadh. 600 m². It has a private pool. Price: SAR 4,000,000. REGA ad licence: 7200012345',
      },
    };
    let r = await nova.chat.say(SAAD, 'للبيع فيلا في حي الياسمين بالرياض ٦٠٠م السعر ٤ مليون');
    expect(r[0]!.text).toContain('هذا ملخص عقارك');
    r = await nova.chat.say(SAAD, 'نعم');
    expect(r.at(-1)!.text).toContain('رقم ترخيص الإعلان'); // the licence question first: no advert yet
    expect(fake.requests.filter(isAdvert)).toHaveLength(0);
    await nova.chat.say(SAAD, '7200012345');
    r = await nova.chat.say(SAAD, 'انشر', { kind: 'choice', choiceId: 'share' });
    expect(r[0]!.text).toContain('نُشر ملخصه في سوق الوسطاء');
    const offered = r.at(-1)!;
    expect(offered.text).toContain('كتبت لك نص إعلان من بيانات العقار فقط');
    expect(offered.text).toContain('فيلا للبيع في حي الياسمين بالرياض. مساحتها ٦٠٠ م².');
    expect(offered.text).toContain('7200012345');
    expect(offered.text).not.toMatch(/مسبح|pool/i);
    expect(offered.choices?.map((c) => c.label)).toEqual(['اعتمد الوصف', 'أكتب وصفي', 'تخطي']);
    // the model was given the facts, the licence among them, and nobody's name or number
    const [asked] = fake.requests.filter(isAdvert);
    expect(userOf(asked!)).toContain('"regaLicence":"7200012345"');
    expect(userOf(asked!)).toContain('"district":"الياسمين"');
    expect(userOf(asked!)).not.toMatch(/\+966|سعد/);

    r = await nova.chat.say(SAAD, 'اعتمد الوصف');
    expect(texts(r)).toEqual(['✅ حفظت الوصف على العقار.']);
    const property = await nova.db.property.findFirstOrThrow({ where: { regaAdLicenseNumber: '7200012345' } });
    expect(property.description).toBe(
      'فيلا للبيع في حي الياسمين بالرياض. مساحتها ٦٠٠ م². السعر ٤٬٠٠٠٬٠٠٠ ريال. رقم ترخيص الإعلان: 7200012345',
    );
    expect(property.descriptionEn).toBe(
      'Villa for sale in Al Yasmin, Riyadh. 600 m². Price: SAR 4,000,000. REGA ad licence: 7200012345',
    );
  });

  it('lets a homeowner type his own text instead, kept on his listing', async () => {
    const OWNER = '+966533330001';
    script.advert = {
      json: {
        ar: 'فيلا للبيع في حي النرجس بالرياض. مساحتها ٤٥٠ م². السعر ٢٬٠٠٠٬٠٠٠ ريال.',
        en: 'Villa for sale in Al Narjis, Riyadh. 450 m². Price: SAR 2,000,000.',
      },
    };
    let r = await nova.chat.say(OWNER, 'عندي فيلا للبيع في حي النرجس بالرياض مساحتها ٤٥٠ بسعر مليونين', {
      name: 'أبو سالم',
    });
    expect(r[0]!.text).toContain('هذا ملخص عقارك');
    r = await nova.chat.say(OWNER, 'اعتمد', { kind: 'choice', choiceId: 'confirm' });
    expect(r[0]!.text).toContain('تم تسجيل عقارك');
    expect(r.at(-1)!.text).toContain('Villa for sale in Al Narjis');
    r = await nova.chat.say(OWNER, 'أكتب وصفي', { kind: 'choice', choiceId: 'edit' });
    expect(r[0]!.text).toContain('اكتب الوصف اللي تبيه');
    const own = 'فيلا نظيفة على شارعين، المالك مستعجل على البيع';
    r = await nova.chat.say(OWNER, own);
    expect(texts(r)).toEqual(['✅ حفظت الوصف على العقار.']);
    const property = await nova.db.property.findFirstOrThrow({ where: { ownerCustomer: { phone: OWNER } } });
    expect(property).toMatchObject({ description: own, descriptionEn: null });
  });

  it('offers nothing when the model invents most of the advert, and nothing without a key', async () => {
    script.advert = {
      json: {
        ar: 'شقة فاخرة في جدة. فيها مسبح. إطلالة بحرية. ست غرف.',
        en: 'Luxury apartment in Jeddah. Pool. Sea view. Six bedrooms.',
      },
    };
    for (const on of [true, false]) {
      aiOn = on;
      const district = on ? 'الملقا' : 'العارض';
      await nova.chat.say(SAAD, `للبيع أرض في حي ${district} بالرياض ٩٠٠م السعر ٣ مليون`);
      await nova.chat.say(SAAD, 'نعم');
      const r = await nova.chat.say(SAAD, 'تخطي');
      expect(texts(r)).toEqual(['تمام، العقار محفوظ لمكتبك بدون نشر في السوق.']);
    }
    expect(fake.requests.filter(isAdvert)).toHaveLength(1); // asked once, with the key; its answer refused
  });
});

describe('customer summaries', () => {
  /** a broker of another team: he sees his team's customers only */
  const NAIF = '+966500000077';
  beforeAll(async () => {
    const { db, organizationId } = nova;
    const naif = await db.user.create({ data: { organizationId, phone: NAIF, name: 'نايف', role: 'broker' } });
    const team = await db.team.create({ data: { organizationId, name: 'فريق نايف', managerId: naif.id } });
    const member = await db.teamMember.create({
      data: { organizationId, teamId: team.id, userId: naif.id, role: 'broker' },
    });
    await db.permission.create({
      data: { organizationId, teamMemberId: member.id, module: 'crm', canView: true, canCreate: true, canEdit: true },
    });
    await nova.chat.say(SAAD, 'عميل جديد فهد 0551234567 يبي فيلا بالملقا ميزانيته مليونين');
    await nova.chat.say(SAAD, 'عميل جديد سلمان 0557654321 يبي شقة بالنرجس');
    await nova.chat.say(SAAD, 'كلمت فهد وقال يبي قريب من طريق أنس بن مالك');
  });

  it('rephrases the timeline with the model and drops its invented lines', async () => {
    script.summary = {
      json: {
        lines: [
          'فهد يبحث عن فيلا في الملقا بميزانية حتى ٢٬٠٠٠٬٠٠٠ ريال.',
          'قال إنه يبي قريب من طريق أنس بن مالك.',
          'عنده عرض ثاني بـ ٣ مليون في حي النرجس.',
          'كلمه خالد أمس.',
        ],
      },
    };
    const r = await nova.chat.say(SAAD, 'لخص لي وضع فهد');
    expect(texts(r)).toEqual([
      '📋 ملخص فهد:\nفهد يبحث عن فيلا في الملقا بميزانية حتى ٢٬٠٠٠٬٠٠٠ ريال.\nقال إنه يبي قريب من طريق أنس بن مالك.',
    ]);
    // the model got Fahd's timeline and nothing else: no phone, no other customer
    const [asked] = fake.requests.filter(isSummary);
    expect(userOf(asked!)).toContain('قريب من طريق أنس بن مالك');
    expect(userOf(asked!)).not.toMatch(/0551234567|\+966551234567|سلمان/);
  });

  it('writes its own five-line summary without a key', async () => {
    aiOn = false;
    const [reply, ...more] = await nova.chat.say(SAAD, 'لخص لي وضع فهد');
    expect(more).toEqual([]);
    const lines = reply!.text.split('\n');
    expect(lines[0]).toBe('📋 ملخص فهد:');
    expect(lines[1]).toMatch(/^👤 فهد — /);
    expect(reply!.text).toContain('قال يبي قريب من طريق أنس بن مالك');
    expect(reply!.text).not.toContain('0551234567');
    expect(lines.length).toBeLessThanOrEqual(6);
    expect(fake.requests).toHaveLength(0);
  });

  it('does not summarize another team’s customer for a broker who cannot see him', async () => {
    const fahd = await nova.db.customer.findFirstOrThrow({ where: { phone: '+966551234567' } });
    const saad = await nova.db.user.findFirstOrThrow({ where: { phone: SAAD } });
    expect(fahd.assignedToId).toBe(saad.id);
    const r = await nova.chat.say(NAIF, 'لخص لي وضع فهد');
    expect(texts(r)).toEqual(['ما لقيت عميل باسم فهد.']);
    expect(fake.requests.filter(isSummary)).toHaveLength(0);
  });
});

describe('voice notes that cannot be read', () => {
  const voice = (extra: Record<string, unknown> = {}) => ({
    kind: 'media' as const,
    text: undefined,
    media: {
      kind: 'audio' as const,
      ref: `data:audio/ogg;base64,${Buffer.from('OggS-voice').toString('base64')}`,
      ...extra,
    },
  });

  it('asks to type without a key, too long or not transcribed, and the waiting question stays', async () => {
    let r = await nova.chat.say(SAAD, 'ذكرني أتصل بأبو فهد');
    expect(r[0]!.text).toContain('متى أذكرك');
    aiOn = false;
    r = await nova.chat.say(SAAD, '', voice());
    expect(texts(r)).toEqual([
      '🎤 وصلتني رسالتك الصوتية، بس ما أقدر أسمع الرسائل الصوتية حالياً. اكتب لي طلبك لو سمحت.',
    ]);
    aiOn = true;
    r = await nova.chat.say(SAAD, '', voice({ durationSeconds: 600 }));
    expect(r[0]!.text).toContain('الرسالة الصوتية طويلة');
    script.transcript = { status: 500 };
    r = await nova.chat.say(SAAD, '', voice());
    expect(texts(r)).toEqual(['🎤 ما قدرت أسمع رسالتك الصوتية زين. ممكن تكتبها لي؟']);
    expect(fake.requests.filter((q) => q.path.endsWith('/audio/transcriptions'))).toHaveLength(1);
    // nothing was lost: the reminder's question still takes its answer
    r = await nova.chat.say(SAAD, 'بكرة الساعة ١٠ الصبح');
    expect(r[0]!.text).toContain('أبو فهد');
    expect(await nova.db.task.count({ where: { title: { contains: 'أبو فهد' } } })).toBe(1);
  });
});
