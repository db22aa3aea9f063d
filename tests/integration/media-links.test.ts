// Photo links are signed and expire: the link a channel is given when Nova sends a listing photo opens
// that photo (the stored, re-encoded file) until it expires; a link changed in any part, an expired one
// or an unsigned one gets the same 404 as a photo that does not exist.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { mediaRoutes } from '../../api/routes/media/media.routes.ts';
import { createMedia, withMediaLinks } from '../../bot/media.ts';
import type { ChannelAdapter, OutboundMessage } from '../../bot/types.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { deriveKey } from '../../core/shared/secrets.ts';
import { createLocalStorage } from '../../core/storage/local.storage.ts';
import { createMediaReader } from '../../core/storage/media.queries.ts';
import { createMediaLinks, MEDIA_LINK_TTL_SECONDS } from '../../core/storage/media-links.ts';
import { DEMO_ORG_SLUG, seedDemo } from '../../prisma/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const BASE = 'https://nova.example.com';
const clock = new ManualClock('2026-11-22T09:00:00+03:00');
const links = createMediaLinks({
  key: deriveKey('media-links-test-secret-0123456789abcdef', 'media.links'),
  clock,
  baseUrl: BASE,
});

let t: TestDatabase;
let dir: string;
let app: ReturnType<typeof createApp>;
let storedKey = '';
let storedBytes: Buffer;
/** the URL the WhatsApp Cloud API was given for the photo */
let sentUrl = '';

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, { password: 'demo-password' });
  const org = await t.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } });
  dir = await mkdtemp(path.join(tmpdir(), 'nova-links-'));
  const storage = createLocalStorage(dir);

  // A homeowner's photo arrives (with its GPS position), is stored re-encoded, and becomes a listing photo.
  const original = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } })
    .jpeg()
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '24/1 42/1 0/1' } })
    .toBuffer();
  const saved = await createMedia({ storage, fetchers: {} }).savePhoto(org.id, 'memory', {
    kind: 'image',
    ref: `data:image/jpeg;base64,${original.toString('base64')}`,
  });
  if (!saved.ok) throw new Error(saved.error.code);
  storedKey = saved.value.storageKey;
  storedBytes = Buffer.from((await storage.get(storedKey))!.bytes);
  const property = await t.db.property.findFirstOrThrow({ where: { organizationId: org.id } });
  await t.db.propertyImage.create({
    data: {
      organizationId: org.id,
      propertyId: property.id,
      storageKey: storedKey,
      mimeType: saved.value.mimeType,
      sizeBytes: saved.value.sizeBytes,
    },
  });

  // Nova sends it on the WhatsApp Cloud API: the adapter is given the signed link.
  const sent: OutboundMessage[] = [];
  const cloud: ChannelAdapter = {
    kind: 'whatsapp_cloud',
    capabilities: { maxChoices: 3, media: true, documents: true, location: true },
    send: async (_chat, message) => {
      sent.push(message);
      return {};
    },
  };
  await withMediaLinks(cloud, links).send(
    '966500000001',
    { text: '', media: { kind: 'image', storageKey: storedKey, mimeType: 'image/jpeg' } },
    { idempotencyKey: 'links-test' },
  );
  sentUrl = sent[0]!.media!.url!;

  app = createApp({
    logger: silentLogger,
    readiness: {},
    mounts: [['/media', mediaRoutes({ reader: createMediaReader({ db: t.db, storage }), links })]],
  });
});

afterAll(async () => {
  await t?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The URL's path and query, as the channel's server asks for it. */
const request = (url: string) => {
  const u = new URL(url);
  return app.request(`${u.pathname}${u.search}`);
};

const expectRefused = async (url: string) => {
  const response = await request(url);
  expect(response.status, url).toBe(404);
  expect(await response.json(), url).toEqual({ error: 'not_found' });
};

describe('signed photo links', () => {
  it('are what a channel gets: <PUBLIC_BASE_URL>/media/<key>?exp=…&sig=…', () => {
    expect(sentUrl).toMatch(new RegExp(`^${BASE}/media/${storedKey.replace(/\./g, '\\.')}\\?exp=\\d+&sig=[\\w-]{43}$`));
  });

  it('open the stored photo, re-encoded without its GPS data, cached no longer than a day', async () => {
    const response = await request(sentUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes).toEqual(storedBytes);
    expect((await sharp(bytes).metadata()).exif).toBeUndefined();
  });

  it('refuse, with the same 404 as an unknown photo, a link changed in its key, expiry or signature', async () => {
    const u = new URL(sentUrl);
    const exp = u.searchParams.get('exp')!;
    const sig = u.searchParams.get('sig')!;
    const otherKey = storedKey.replace(/[0-9a-f](?=\.jpg$)/, (d) => (d === '0' ? '1' : '0'));
    await expectRefused(`${BASE}/media/${otherKey}?exp=${exp}&sig=${sig}`);
    await expectRefused(`${BASE}/media/${storedKey}?exp=${Number(exp) + 3600}&sig=${sig}`);
    await expectRefused(`${BASE}/media/${storedKey}?exp=${exp}&sig=${sig.slice(1)}A`);
    await expectRefused(`${BASE}/media/${storedKey}?exp=${exp}`);
    await expectRefused(`${BASE}/media/${storedKey}?sig=${sig}`);
    await expectRefused(`${BASE}/media/${storedKey}`);
    // a link signed with another installation's key
    const foreign = createMediaLinks({ key: Buffer.alloc(32, 9), clock, baseUrl: BASE });
    await expectRefused(foreign.url(storedKey));
    // and a correctly signed link to a photo that does not exist answers the same
    await expectRefused(links.url(otherKey));
  });

  it('stop working when they expire (7 days, rounded up to the hour)', async () => {
    const url = links.url(storedKey);
    expect((await request(url)).status).toBe(200);
    clock.advance((MEDIA_LINK_TTL_SECONDS - 60) * 1000);
    const late = await request(url);
    expect(late.status).toBe(200);
    // cached at most until the link expires
    expect(Number(late.headers.get('cache-control')!.match(/max-age=(\d+)/)![1])).toBeLessThanOrEqual(3660);
    clock.advance(3660 * 1000);
    await expectRefused(url);
  });
});
