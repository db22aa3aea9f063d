// The web chat shows the pictures Nova sends (a monthly report's chart) through a signed /media link.
import { describe, expect, it } from 'vitest';
import { CHAT_PAGE_CSP } from '../../../api/routes/chat/chat.page.ts';
import { toReply } from '../../../api/routes/chat/chat.routes.ts';

const chart = {
  text: '📈 تقرير نوفمبر ٢٠٢٦ — سعد',
  media: { kind: 'image' as const, storageKey: 'org/report/1.png', mimeType: 'image/png' },
};

describe('a web chat reply with a picture', () => {
  it('carries the signed link of the stored image beside its caption', () => {
    const reply = toReply(7n, chart, (key) => `/media/${key}?exp=1&sig=s`);
    expect(reply).toEqual({ seq: '7', text: chart.text, image: '/media/org/report/1.png?exp=1&sig=s' });
  });

  it('has no picture without a way to link it, and the page may load same-origin images', () => {
    expect(toReply(7n, chart).image).toBeUndefined();
    expect(CHAT_PAGE_CSP).toContain("img-src data: 'self'");
  });
});
