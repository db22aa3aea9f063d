// Issue 18: a reply that quotes the user's text is cut by grapheme. Cut at 40 UTF-16 units, an emoji
// was split in half and the lone surrogate left made jsonb refuse the reply.
import { describe, expect, it } from 'vitest';
import { requestsFeature } from '../../../bot/features/requests/index.ts';
import { taskTitle } from '../../../bot/features/tasks/tasks.handlers.ts';
import { featureHarness } from '../../support/feature-harness.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('quoted user text', () => {
  it('the unknown city quoted back keeps its emoji whole', async () => {
    const chat = featureHarness({ features: [requestsFeature], core: {} });
    const asked = await chat.send('سجل طلب شقة للايجار');
    expect(asked.at(-1)?.text).toContain('مدينة');
    // 39 UTF-16 units, then an emoji across the 40th: a cut at 40 splits it
    const said = `${'ب'.repeat(39)}😀😀 مدينة`;
    const replies = await chat.send(said);
    const text = replies.map((r) => r.text).join('\n');
    expect(text).toContain('😀');
    expect(LONE_SURROGATE.test(text)).toBe(false);
    expect(JSON.parse(JSON.stringify(text))).toBe(text);
  });

  it('a task title cut at its length keeps an emoji whole', () => {
    const title = taskTitle(`ذكرني ${'ا'.repeat(299)}👍🏽 شي`, undefined);
    expect(LONE_SURROGATE.test(title)).toBe(false);
    expect([...new Intl.Segmenter().segment(title)].length).toBeLessThanOrEqual(300);
  });
});
