// Signed, expiring photo links (core/storage/media-links.ts) and where they are made: when a message is
// sent, for the channels that fetch photos by URL (bot/media.ts withMediaLinks).
import { describe, expect, it } from 'vitest';
import { withMediaLinks } from '../../../bot/media.ts';
import type { ChannelAdapter, ChannelKind, OutboundMessage } from '../../../bot/types.ts';
import { ManualClock } from '../../../core/shared/clock.ts';
import {
  createMediaLinks,
  MEDIA_LINK_TTL_SECONDS,
  mediaLinkExpiry,
  mediaLinkSignature,
  verifyMediaLink,
} from '../../../core/storage/media-links.ts';

const KEY = Buffer.alloc(32, 1);
const OTHER_KEY = Buffer.alloc(32, 2);
const PHOTO = '00000000-0000-4000-8000-000000000001/property/11111111-2222-4333-8444-555555555555.jpg';
const NOW = Date.parse('2026-11-22T09:15:00Z') / 1000;

const parts = (url: string) => {
  const u = new URL(url);
  return { path: u.pathname, exp: u.searchParams.get('exp') ?? undefined, sig: u.searchParams.get('sig') ?? undefined };
};

describe('media link signatures', () => {
  it('expire 7 days later, rounded up to the hour', () => {
    const exp = mediaLinkExpiry(NOW);
    expect(exp % 3600).toBe(0);
    expect(exp - NOW).toBeGreaterThanOrEqual(MEDIA_LINK_TTL_SECONDS);
    expect(exp - NOW).toBeLessThan(MEDIA_LINK_TTL_SECONDS + 3600);
    expect(mediaLinkExpiry(NOW + 60)).toBe(exp); // the same link for a while
  });

  it('open their photo until they expire, and not a second later', () => {
    const exp = mediaLinkExpiry(NOW);
    const sig = mediaLinkSignature(KEY, PHOTO, exp);
    expect(sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifyMediaLink(KEY, PHOTO, String(exp), sig, NOW)).toBe(true);
    expect(verifyMediaLink(KEY, PHOTO, String(exp), sig, exp - 1)).toBe(true);
    expect(verifyMediaLink(KEY, PHOTO, String(exp), sig, exp)).toBe(false);
  });

  it('refuse another photo, a changed expiry or signature, another key, and malformed values', () => {
    const exp = mediaLinkExpiry(NOW);
    const sig = mediaLinkSignature(KEY, PHOTO, exp);
    const other = PHOTO.replace('.jpg', '.png');
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    // the same bytes spelt otherwise (the last character's two spare bits set) are refused too
    const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelt = sig.slice(0, 42) + B64[B64.indexOf(sig[42]!) + 1];
    expect(verifyMediaLink(KEY, other, String(exp), sig, NOW)).toBe(false);
    expect(verifyMediaLink(KEY, PHOTO, String(exp + 3600), sig, NOW)).toBe(false);
    expect(verifyMediaLink(KEY, PHOTO, String(exp), flipped, NOW)).toBe(false);
    expect(Buffer.from(respelt, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    expect(verifyMediaLink(KEY, PHOTO, String(exp), respelt, NOW)).toBe(false);
    expect(verifyMediaLink(OTHER_KEY, PHOTO, String(exp), sig, NOW)).toBe(false);
    for (const [e, s] of [
      [undefined, sig],
      [String(exp), undefined],
      ['', sig],
      [`${exp}.5`, sig],
      [`-${exp}`, sig],
      [`0x${exp.toString(16)}`, sig],
      [String(exp), sig.slice(0, 42)],
      [String(exp), `${sig}=`],
      [String(exp), sig.replace(/.$/, '+')],
    ] as const) {
      expect(verifyMediaLink(KEY, PHOTO, e, s, NOW), `${e} ${s}`).toBe(false);
    }
  });

  it('are made as <base>/media/<key>?exp=…&sig=… and checked by the same factory', () => {
    const clock = new ManualClock(new Date(NOW * 1000));
    const links = createMediaLinks({ key: KEY, clock, baseUrl: 'https://nova.example.com/' });
    const url = links.url(PHOTO);
    const { path, exp, sig } = parts(url);
    expect(url.startsWith(`https://nova.example.com/media/${PHOTO}?exp=`)).toBe(true);
    expect(path).toBe(`/media/${PHOTO}`);
    expect(links.verify(PHOTO, exp, sig)).toBe(true);
    expect(links.secondsLeft(exp)).toBe(Number(exp) - NOW);
    clock.advance((Number(exp) - NOW) * 1000);
    expect(links.verify(PHOTO, exp, sig)).toBe(false);
    expect(links.secondsLeft(exp)).toBe(0);
  });
});

describe('withMediaLinks (links made at send time)', () => {
  function capture(kind: ChannelKind) {
    const sent: OutboundMessage[] = [];
    const adapter: ChannelAdapter = {
      kind,
      capabilities: { maxChoices: 3, media: true, documents: true, location: true },
      send: async (_chatId, message) => {
        sent.push(message);
        return { externalId: 'x' };
      },
    };
    return { adapter, sent };
  }
  const links = createMediaLinks({
    key: KEY,
    clock: new ManualClock(new Date(NOW * 1000)),
    baseUrl: 'https://n.example',
  });
  const photo: OutboundMessage = {
    text: '',
    // a row queued before links were signed may still carry an unsigned URL: it is replaced
    media: { kind: 'image', storageKey: PHOTO, mimeType: 'image/jpeg', url: `https://n.example/media/${PHOTO}` },
  };

  it.each(['whatsapp_cloud', 'telegram'] as const)('gives %s a signed link it can fetch', async (kind) => {
    const { adapter, sent } = capture(kind);
    await withMediaLinks(adapter, links).send('chat', photo, { idempotencyKey: 'k' });
    const url = sent[0]!.media!.url!;
    const { exp, sig } = parts(url);
    expect(url.startsWith(`https://n.example/media/${PHOTO}?exp=`)).toBe(true);
    expect(links.verify(PHOTO, exp, sig)).toBe(true);
    expect(sent[0]!.media).toMatchObject({ kind: 'image', storageKey: PHOTO, mimeType: 'image/jpeg' });
  });

  it('gives WhatsApp Web no link (it sends the stored file), and makes none without a public URL', async () => {
    const web = capture('whatsapp_web');
    await withMediaLinks(web.adapter, links).send('chat', photo, { idempotencyKey: 'k' });
    expect(web.sent[0]!.media).toEqual({ kind: 'image', storageKey: PHOTO, mimeType: 'image/jpeg' });
    const telegram = capture('telegram');
    await withMediaLinks(telegram.adapter, undefined).send('chat', photo, { idempotencyKey: 'k' });
    expect(telegram.sent[0]!.media?.url).toBeUndefined(); // Telegram uploads the file instead
  });

  it('leaves alone a message without a stored photo (text, a document, an outside URL)', async () => {
    const { adapter, sent } = capture('whatsapp_cloud');
    const wrapped = withMediaLinks(adapter, links);
    const messages: OutboundMessage[] = [
      { text: 'مرحبا' },
      { text: '', media: { kind: 'document', storageKey: 'org/document/x.pdf' } },
      { text: '', media: { kind: 'image', url: 'https://cdn.example.com/villa.jpg' } },
    ];
    for (const m of messages) await wrapped.send('chat', m, { idempotencyKey: 'k' });
    expect(sent).toEqual(messages);
  });
});
