// «تقرير الشهر» through the whole runtime: the month's text and a chart image that is stored, sent as a
// photo and served by the /media route; a manager gets his team's leaderboard, a broker only his own
// numbers.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStorage } from '../../core/storage/local.storage.ts';
import { createMediaReader } from '../../core/storage/media.queries.ts';
import { LAYLA, SAAD, startTestNova, type TestNova } from '../support/nova.ts';

// the runtime's default storage directory (startTestNova gives none)
const storage = createLocalStorage('.storage');
const stored: string[] = [];
let nova: TestNova;

beforeAll(async () => {
  nova = await startTestNova({ now: '2026-11-24T10:00:00+03:00' });
  await nova.chat.say(SAAD, 'عميل جديد أبو فهد 0501112233 يبي فيلا بالرياض');
  await nova.chat.say(SAAD, 'تم بيع فيلا النرجس لأبو فهد بمليونين و٣٠٠ ألف');
  await nova.chat.say(LAYLA, 'عميل جديد نورة 0503334455 تبي شقة بالرياض');
});
afterAll(async () => {
  for (const key of stored) await storage.delete(key);
  await nova?.close();
});

/** The chart of a reply: stored as a PNG 1080 wide, and served by /media since a message names it. */
async function chartOf(reply: { message: { media?: { kind: string; storageKey?: string; mimeType?: string } } }) {
  const media = reply.message.media;
  expect(media).toMatchObject({ kind: 'image', mimeType: 'image/png' });
  const key = media!.storageKey!;
  stored.push(key);
  expect(key).toMatch(new RegExp(`^${nova.organizationId}/report/[0-9a-f-]+\\.png$`));
  const served = await createMediaReader({ db: nova.db, storage }).photo(key);
  expect(served?.mimeType).toBe('image/png');
  const meta = await sharp(served!.bytes).metadata();
  expect(meta).toMatchObject({ format: 'png', width: 1080 });
  return meta;
}

describe('the monthly report', () => {
  it("gives a manager the month's text, his team's leaderboard and a chart", async () => {
    const replies = await nova.chat.say(SAAD, 'تقرير الشهر');
    expect(replies).toHaveLength(2);
    const [text, chart] = replies;
    expect(text!.text).toContain('📊 ملخصك هالشهر:');
    expect(text!.text).toContain('• صفقات: ١ بقيمة ٢٬٣٠٠٬٠٠٠ ريال');
    expect(text!.text).toContain('🏆 ترتيب الفريق:');
    expect(text!.text).toMatch(/١\. سعد — صفقة، ٥٧٬٥٠٠ ريال عمولة، ٠ معاينات، عميل جديد/);
    expect(text!.text).toMatch(/٢\. ليلى — ٠ صفقات، ٠ ريال عمولة، ٠ معاينات، عميل جديد/);
    expect(chart!.text).toBe('📈 تقرير نوفمبر ٢٠٢٦ — سعد');
    const meta = await chartOf(chart!);
    // the leaderboard's panel makes a manager's chart taller than a broker's
    expect(meta.height).toBeGreaterThan(1_500);
  });

  it('gives a broker his own numbers only, with his chart, in English when he writes English', async () => {
    const replies = await nova.chat.say(LAYLA, 'monthly report');
    expect(replies).toHaveLength(2);
    const [text, chart] = replies;
    expect(text!.text).toContain('📊 Your numbers, this month:');
    expect(text!.text).toContain('• New customers: 1');
    expect(text!.text).toContain('• Deals: 0');
    expect(text!.text).not.toContain('leaderboard');
    expect(text!.text).not.toContain('سعد');
    expect(chart!.text).toBe('📈 November 2026 report — ليلى');
    const meta = await chartOf(chart!);
    expect(meta.height).toBeLessThan(1_500);
  });

  it('leaves the other summaries as text', async () => {
    const replies = await nova.chat.say(SAAD, 'ملخص الشهر');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.message.media).toBeUndefined();
  });
});
