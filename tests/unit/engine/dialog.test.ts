// Typed dialogs: the zod schema is the only way into a dialog's stored state.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConversationState, TurnContext } from '../../../bot/engine/context.ts';
import { defineDialog } from '../../../bot/engine/dialog.ts';
import { registerFeatures } from '../../../bot/engine/feature.ts';
import { featureHarness } from '../../support/feature-harness.ts';

const seen: Array<{ step: string; data: { title: string; tries: number } }> = [];
const reminderDialog = defineDialog({
  name: 'reminder-test',
  version: 2,
  steps: ['ask_when', 'confirm'],
  schema: z.object({ title: z.string(), tries: z.number().int() }),
  async handle(_ctx, turn) {
    seen.push(turn);
    return true;
  },
});

const ctxWith = (state: ConversationState) => ({ state }) as unknown as TurnContext;

describe('typed dialogs', () => {
  it('start() stores name, version, step and data; read() gives them back typed', () => {
    const ctx = ctxWith({});
    reminderDialog.start(ctx, 'ask_when', { title: 'اتصل بخالد', tries: 0 });
    expect(ctx.state.dialog).toEqual({
      name: 'reminder-test',
      v: 2,
      step: 'ask_when',
      data: { title: 'اتصل بخالد', tries: 0 },
    });
    expect(reminderDialog.read(ctx)).toEqual({ step: 'ask_when', data: { title: 'اتصل بخالد', tries: 0 } });
  });

  it('resume() hands the validated state to the handler', async () => {
    const ctx = ctxWith({ dialog: { name: 'reminder-test', v: 2, step: 'confirm', data: { title: 'x', tries: 1 } } });
    seen.length = 0;
    expect(await reminderDialog.resume(ctx)).toBe(true);
    expect(seen).toEqual([{ step: 'confirm', data: { title: 'x', tries: 1 } }]);
  });

  it.each([
    ['data of the wrong shape', { name: 'reminder-test', v: 2, step: 'confirm', data: { title: 42 } }],
    [
      'a step the dialog does not have',
      { name: 'reminder-test', v: 2, step: 'pick_slot', data: { title: 'x', tries: 0 } },
    ],
    ['another version', { name: 'reminder-test', v: 1, step: 'confirm', data: { title: 'x', tries: 0 } }],
    ['another dialog', { name: 'offer', v: 2, step: 'confirm', data: { title: 'x', tries: 0 } }],
  ])('never hands the handler %s (resume answers undefined: the pipeline drops it)', async (_what, dialog) => {
    const ctx = ctxWith({ dialog });
    seen.length = 0;
    expect(reminderDialog.read(ctx)).toBeUndefined();
    expect(await reminderDialog.resume(ctx)).toBeUndefined();
    expect(seen).toEqual([]);
  });

  it('end() ends only its own dialog', () => {
    const other = ctxWith({ dialog: { name: 'offer', v: 1, step: 'city', data: {} } });
    reminderDialog.end(other);
    expect(other.state.dialog?.name).toBe('offer');
    const own = ctxWith({ dialog: { name: 'reminder-test', v: 2, step: 'confirm', data: { title: 'x', tries: 0 } } });
    reminderDialog.end(own);
    expect(own.state.dialog).toBeUndefined();
  });
});

describe('the feature registry', () => {
  const handler = async () => undefined;
  it('refuses two features answering the same intent, dialog or list', () => {
    expect(() =>
      registerFeatures([
        { name: 'a', intents: { greeting: handler } },
        { name: 'b', intents: { greeting: handler } },
      ]),
    ).toThrow(/intent greeting is registered twice \(again by feature b\)/);
    expect(() =>
      registerFeatures([
        { name: 'a', dialogs: [reminderDialog] },
        { name: 'b', dialogs: [reminderDialog] },
      ]),
    ).toThrow(/dialog reminder-test/);
    expect(() =>
      registerFeatures([
        { name: 'a', lists: { task: handler } },
        { name: 'b', lists: { task: handler } },
      ]),
    ).toThrow(/list task/);
  });

  it('collects every feature part into one registry', () => {
    const registry = registerFeatures([
      { name: 'a', intents: { greeting: handler }, lists: { task: handler }, choices: { 'outcome:': handler } },
      { name: 'b', dialogs: [reminderDialog], words: async () => false },
    ]);
    expect(Object.keys(registry.intents)).toEqual(['greeting']);
    expect([...registry.dialogs.keys()]).toEqual(['reminder-test']);
    expect(Object.keys(registry.lists)).toEqual(['task']);
    expect(registry.choices.map(([prefix]) => prefix)).toEqual(['outcome:']);
    expect(registry.words).toHaveLength(1);
  });
});

describe('a feature fallback', () => {
  it('answers a message nothing understood before "I didn\'t get that", and only when it says so', async () => {
    const seen: string[] = [];
    const chat = featureHarness({
      features: [
        {
          name: 'questions',
          fallback: async (ctx) => {
            seen.push(ctx.text);
            if (!ctx.text.includes('؟')) return false;
            ctx.reply('وصلت سؤالك للوسيط');
            return true;
          },
        },
      ],
      core: {},
    });
    expect((await chat.send('فيها مصعد؟')).map((r) => r.text)).toEqual(['وصلت سؤالك للوسيط']);
    expect((await chat.send('قلقلقلق')).map((r) => r.text).join()).toMatch(/ما فهمت/);
    expect(seen).toEqual(['فيها مصعد؟', 'قلقلقلق']);
  });
});
