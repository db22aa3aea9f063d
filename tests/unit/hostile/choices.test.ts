// Issue 18: a pressed choice id that Nova did not offer (a forged web chat POST, a Telegram
// callback_data, an old button) never reaches a handler as a choice; it gets a short answer and the
// chat stays where it was. Offered choices and standing choices of the right shape still work.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineDialog } from '../../../bot/engine/dialog.ts';
import type { Feature } from '../../../bot/engine/feature.ts';
import { featureHarness } from '../../support/feature-harness.ts';

const FORGED = "villa'; DROP TABLE requests;--";

const ASK = {
  text: 'وش نوع العقار؟',
  choices: [
    { id: 'villa', label: 'فيلا' },
    { id: 'apartment', label: 'شقة' },
  ],
};

/** A dialog that asks the property type and records every choice that reaches it. */
function chatWithSpy() {
  const seen: Array<string | undefined> = [];
  const standing: string[] = [];
  const typeDialog = defineDialog({
    name: 'spy.type',
    version: 1,
    steps: ['type'] as const,
    schema: z.object({}),
    async handle(ctx) {
      if (!ctx.choice) {
        ctx.reply(ASK);
        return true;
      }
      seen.push(ctx.choice);
      typeDialog.end(ctx);
      ctx.reply('تم');
      return true;
    },
  });
  const feature: Feature = {
    name: 'spy',
    intents: {
      greeting: async (ctx) => {
        typeDialog.start(ctx, 'type', {});
        ctx.reply(ASK);
      },
    },
    dialogs: [typeDialog],
    choices: { 'mark:': async (_ctx, id) => void standing.push(id) },
    choicePatterns: { 'mark:': /^mark:[0-9a-f-]{36}:(done|skip)$/ },
  };
  return { chat: featureHarness({ features: [feature], core: {} }), seen, standing };
}

describe('a choice that was not offered', () => {
  it('is refused with a clear answer and the offered choices still pick', async () => {
    const { chat, seen } = chatWithSpy();
    await chat.send('مرحبا');
    expect(chat.state.choices).toEqual(['villa', 'apartment']);
    const refused = await chat.send('فيلا', FORGED);
    expect(refused.map((r) => r.text)).toEqual([expect.stringContaining('هذا الخيار ما عاد متاح')]);
    expect(seen).toEqual([]);
    // the conversation is where it was: the same buttons still pick
    expect(chat.state.choices).toEqual(['villa', 'apartment']);
    await chat.send('فيلا', 'villa');
    expect(seen).toEqual(['villa']);
  });

  it('a button of an earlier question is refused once that question is over', async () => {
    const { chat, seen } = chatWithSpy();
    await chat.send('مرحبا');
    await chat.send('فيلا', 'villa');
    expect(seen).toEqual(['villa']);
    const refused = await chat.send('شقة', 'apartment');
    expect(refused[0]?.text).toContain('ما عاد متاح');
    expect(seen).toEqual(['villa']);
  });

  it("a standing choice works when its id matches its feature's pattern, and only then", async () => {
    const { chat, standing } = chatWithSpy();
    const good = 'mark:0b6c1f0e-5a8e-4a57-9a4a-1f0f6d3c2b10:done';
    await chat.send('', good);
    expect(standing).toEqual([good]);
    for (const bad of ["mark:0b6c1f0e-5a8e-4a57-9a4a-1f0f6d3c2b10:done'; DROP TABLE x;--", 'mark:../../etc', 'mark:']) {
      const refused = await chat.send('', bad);
      expect(refused[0]?.text).toContain('ما عاد متاح');
    }
    expect(standing).toEqual([good]);
  });

  it("a choice of the waiting dialog's question stays valid after a reply without choices", async () => {
    const { chat, seen } = chatWithSpy();
    await chat.send('مرحبا');
    delete chat.state.choices; // another reply came in between, without buttons
    await chat.send('شقة', 'apartment');
    expect(seen).toEqual(['apartment']);
  });
});
