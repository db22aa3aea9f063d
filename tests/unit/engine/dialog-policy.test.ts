// The dialog policy (docs/conversation-engine.md, "Dialog policy"), over toy features and a fake core:
// another command while a dialog waits runs as itself, the dialog is parked and offered back once;
// choices are picked by number, button or label; a number that answers the step is not a choice;
// «إلغاء» is mentioned when a dialog starts.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineDialog } from '../../../bot/engine/dialog.ts';
import type { Feature } from '../../../bot/engine/feature.ts';
import { pickByLabel } from '../../../bot/engine/pipeline.ts';
import { featureHarness } from '../../support/feature-harness.ts';

/** A reminder without a time asks "when?" (the tasks feature's shape, without its core). */
const whenDialog = defineDialog({
  name: 'toy-when',
  version: 1,
  steps: ['ask_when'],
  schema: z.object({ title: z.string() }),
  about: (data) => ({ ar: `تضيف تذكير ${data.title}`, en: `adding a reminder: ${data.title}` }),
  async handle(ctx, { data }) {
    if (!ctx.parsed?.entities.datetime) {
      ctx.reply('ما فهمت الوقت.');
      return true;
    }
    whenDialog.end(ctx);
    ctx.reply(`⏰ تم: ${data.title}`);
    return true;
  },
});
const reminders: Feature = {
  name: 'toy-reminders',
  intents: {
    'task.create': async (ctx) => {
      if (ctx.parsed?.entities.datetime) {
        ctx.reply(`⏰ تذكير جديد: ${ctx.text}`);
        return;
      }
      whenDialog.start(ctx, 'ask_when', { title: ctx.text });
      ctx.reply('متى أذكرك؟');
    },
  },
  dialogs: [whenDialog],
};

/** A question with buttons whose step takes numbers: "how many rooms?" with skip / confirm. */
const roomsDialog = defineDialog({
  name: 'toy-rooms',
  version: 1,
  steps: ['rooms', 'summary'],
  schema: z.object({ rooms: z.number().optional() }),
  accepts: (ctx, { step }) => step === 'rooms' && (ctx.parsed?.numbers.length ?? 0) === 1,
  async handle(ctx, { step, data }) {
    if (step === 'summary') {
      if (ctx.choice === 'details') {
        roomsDialog.start(ctx, 'rooms', data);
        ctx.reply({
          text: 'كم غرفة؟',
          choices: [
            { id: 'skip', label: 'تخطي' },
            { id: 'confirm', label: 'اعتمد' },
          ],
        });
      } else ctx.reply(`choice ${ctx.choice ?? '-'}`);
      return true;
    }
    if (ctx.choice === 'skip') ctx.reply('skipped');
    else if (ctx.choice === 'confirm') ctx.reply('confirmed');
    else ctx.reply(`rooms ${ctx.parsed?.numbers[0]}`);
    roomsDialog.end(ctx);
    return true;
  },
});
const rooms: Feature = {
  name: 'toy-rooms',
  intents: {
    'offer.create': async (ctx) => {
      roomsDialog.start(ctx, 'summary', {});
      ctx.reply({
        text: 'الملخص',
        choices: [
          { id: 'confirm', label: 'اعتمد' },
          { id: 'details', label: 'أضف تفاصيل' },
          { id: 'cancel', label: 'إلغاء' },
        ],
      });
    },
  },
  dialogs: [roomsDialog],
};

/** Commands of other features: a report, and an agenda shown as a numbered list. */
const others: Feature = {
  name: 'toy-others',
  intents: {
    'report.summary': async (ctx) => ctx.reply('📊 ملخص الشهر'),
    'appointment.list': async (ctx) => {
      ctx.state.list = { kind: 'toy-appts', ids: ['a1', 'a2'] };
      ctx.reply('١. معاينة فهد\n٢. معاينة سارة');
    },
  },
  lists: { 'toy-appts': async (ctx, id) => ctx.reply(`details ${id}`) },
};

/** A standing phrase outside any intent: thanks (the basic feature's words, without its wordings). */
const courtesy: Feature = {
  name: 'toy-courtesy',
  intents: {},
  async words(ctx) {
    if (!/شكرا|thanks/i.test(ctx.text)) return false;
    ctx.reply('العفو 🌹');
    return true;
  },
};

const chatWith = () => featureHarness({ features: [reminders, rooms, others, courtesy], core: {} });
const texts = (replies: Array<{ text: string }>) => replies.map((r) => r.text);

describe('another command while a dialog waits', () => {
  it('runs as itself; the dialog is parked, offered back once, and resumes at its step on "continue"', async () => {
    const chat = chatWith();
    await chat.send('ذكرني اكلم البنك');
    const report = await chat.send('كم صفقة هالشهر؟');
    expect(texts(report)[0]).toBe('📊 ملخص الشهر');
    expect(report.at(-1)!.text).toContain('كنت تضيف تذكير');
    expect(report.at(-1)!.choices?.map((c) => c.label)).toEqual(['نكمل', 'لا، خلاص']);
    expect(chat.state.dialog).toBeUndefined();

    const resumed = await chat.send('ايه نكمل');
    expect(texts(resumed)).toEqual(['متى أذكرك؟']); // the question it asked, asked again
    expect(texts(await chat.send('بكرة الساعة ١٠ الصبح'))).toEqual(['⏰ تم: ذكرني اكلم البنك']);
  });

  it('anything else after the offer drops the parked dialog quietly and is read afresh', async () => {
    const chat = chatWith();
    await chat.send('ذكرني اكلم البنك');
    await chat.send('كم صفقة هالشهر؟');
    expect(texts(await chat.send('كم صفقة هالشهر؟'))).toEqual(['📊 ملخص الشهر']);
    expect(chat.state.parked).toBeUndefined();
  });

  it('the answer itself after the offer resumes the parked dialog and answers its question', async () => {
    const chat = chatWith();
    await chat.send('ذكرني اكلم البنك');
    await chat.send('كم صفقة هالشهر؟');
    expect(texts(await chat.send('بكرة الساعة ١٠ الصبح'))).toEqual(['⏰ تم: ذكرني اكلم البنك']);
    expect(chat.state.parked).toBeUndefined();
    expect(chat.state.dialog).toBeUndefined();
  });

  it('"no" drops it with a short answer', async () => {
    const chat = chatWith();
    await chat.send('ذكرني اكلم البنك');
    await chat.send('كم صفقة هالشهر؟');
    expect(texts(await chat.send('لا، خلاص'))).toEqual(['تمام، تركته.']);
    expect(chat.state.parked).toBeUndefined();
    expect(chat.state.dialog).toBeUndefined();
  });

  it('a parked dialog expires with the dialog timeout', async () => {
    const chat = chatWith();
    await chat.send('ذكرني اكلم البنك');
    await chat.send('كم صفقة هالشهر؟');
    chat.state.parked!.until = '2026-11-30T00:00:00Z'; // before the harness's now
    const replies = await chat.send('نعم');
    expect(texts(replies).join('\n')).not.toContain('متى أذكرك');
    expect(chat.state.parked).toBeUndefined();
  });

  it('a command that shows a numbered list defers the offer: a bare number picks from the list', async () => {
    const chat = chatWith();
    await chat.send('ذكرني اكلم البنك');
    const agenda = await chat.send('مواعيدي');
    expect(texts(agenda)).toEqual(['١. معاينة فهد\n٢. معاينة سارة']);
    const picked = await chat.send('1');
    expect(texts(picked)[0]).toBe('details a1');
    expect(picked.at(-1)!.text).toContain('نكمل؟');
  });

  it("a command of the dialog's own feature is an answer when it is mostly values, a new command when it says more", async () => {
    const chat = chatWith();
    await chat.send('ذكرني اجدد الرخصة');
    const other = await chat.send('ذكرني بعد المغرب اتصل على نايف');
    expect(texts(other)[0]).toContain('تذكير جديد');
    expect(other.at(-1)!.text).toContain('نكمل؟');

    const again = chatWith();
    await again.send('ذكرني اجدد الرخصة');
    expect(texts(await again.send('ذكرني بكرة الساعة ٤ العصر'))).toEqual(['⏰ تم: ذكرني اجدد الرخصة']);
  });
});

describe('choices', () => {
  it('a typed label, or a close variant, picks its choice', async () => {
    const chat = chatWith();
    await chat.send('ابي اعرض شقة للبيع');
    expect(texts(await chat.send('اضافة تفاصيل'))[0]).toBe('كم غرفة؟');
  });

  it('a number after "how many rooms?" is rooms, not the choice of that number', async () => {
    const chat = chatWith();
    await chat.send('ابي اعرض شقة للبيع');
    await chat.send('أضف تفاصيل');
    expect(texts(await chat.send('٢'))).toEqual(['rooms 2']);
  });

  it('skip words pick "skip": «ما عندي الحين»', async () => {
    const chat = chatWith();
    await chat.send('ابي اعرض شقة للبيع');
    await chat.send('أضف تفاصيل');
    expect(texts(await chat.send('ما عندي الحين'))).toEqual(['skipped']);
  });

  it('a confident other command is a label only when it is the label itself', () => {
    expect(pickByLabel('تفاصيل العميل فهد', ['اعتمد', 'أضف تفاصيل', 'إلغاء'], false)).toBeUndefined();
    expect(pickByLabel('أضف تفاصيل', ['اعتمد', 'أضف تفاصيل', 'إلغاء'], false)).toBe(1);
  });

  it.each([
    ['اضافة تفاصيل', 1],
    ['add some details', 1],
    ['أضف تفاصيل', 1],
    ['اعتمد', 0],
    ['عملائي', undefined],
    ['وش مواعيدي بكرة؟', undefined],
  ])('pickByLabel(«%s») → %s', (text, index) => {
    const labels = /[a-z]/i.test(text) ? ['Confirm', 'Add details', 'Cancel'] : ['اعتمد', 'أضف تفاصيل', 'إلغاء'];
    expect(pickByLabel(text, labels)).toBe(index);
  });
});

describe('a message that is neither an answer nor a command', () => {
  it('thanks while a question waits is answered, then the same question is asked again and still answers', async () => {
    const chat = chatWith();
    await chat.send('ذكرني اكلم البنك');
    expect(texts(await chat.send('شكرا'))).toEqual(['العفو 🌹', 'متى أذكرك؟']);
    expect(texts(await chat.send('بكرة الساعة ١٠ الصبح'))).toEqual(['⏰ تم: ذكرني اكلم البنك']);
  });

  it('thanks with no question waiting is answered alone', async () => {
    const chat = chatWith();
    expect(texts(await chat.send('شكرا'))).toEqual(['العفو 🌹']);
  });
});

describe('the cancel word', () => {
  it('is mentioned when a dialog starts, not on the questions after', async () => {
    const chat = chatWith();
    expect(texts(await chat.send('ذكرني اكلم البنك'))).toEqual(['متى أذكرك؟\n(للإلغاء اكتب «إلغاء»)']);
    expect(texts(await chat.send('شي'))).toEqual(['ما فهمت الوقت.']);
  });
});
