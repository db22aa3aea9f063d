// GET /media/<key>?exp=…&sig=…: the links Nova sends for listing photos. Past a valid signature
// (tests/integration/media-links.test.ts), a key is served only when the database knows it (a property
// image, or the media of a message Nova sent) within the office the key names; nothing else under
// STORAGE_DIR, and nothing outside it, is ever served. Every link here is signed, so that these checks
// are the ones that answer.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { mediaRoutes } from '../../api/routes/media/media.routes.ts';
import { systemClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { createLocalStorage } from '../../core/storage/local.storage.ts';
import { createMediaReader } from '../../core/storage/media.queries.ts';
import { createMediaLinks } from '../../core/storage/media-links.ts';
import { storageKey } from '../../core/storage/storage.ts';
import { DEMO_ORG_SLUG, seedDemo } from '../../prisma/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

let t: TestDatabase;
let dir: string;
let app: ReturnType<typeof createApp>;
let orgId: string;
let otherOrgId: string;
const keys = { photo: '', sent: '', stray: '', crossed: '', html: '' };
const links = createMediaLinks({ key: Buffer.alloc(32, 3), clock: systemClock });
/** The signed link of a path under /media, signed for the key as the route reads it (decoded). */
const signed = (path: string) => {
  const key = decodeURIComponent(path.replace(/^\/media\//, ''));
  return `${path}?${links.url(key).split('?')[1]}`;
};

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, { password: 'demo-password' });
  orgId = (await t.db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG_SLUG } })).id;
  otherOrgId = (
    await t.db.organization.create({ data: { name: 'مكتب آخر', slug: `other-${randomUUID().slice(0, 8)}` } })
  ).id;
  dir = await mkdtemp(path.join(tmpdir(), 'nova-media-'));
  const storageDir = path.join(dir, 'storage');
  const storage = createLocalStorage(storageDir);
  const property = await t.db.property.findFirstOrThrow({ where: { organizationId: orgId } });
  const account = await t.db.channelAccount.create({
    data: { organizationId: orgId, kind: 'memory', externalId: `media-${randomUUID().slice(0, 8)}` },
  });

  // A listing photo.
  keys.photo = storageKey(orgId, 'property', randomUUID(), 'image/jpeg');
  await storage.put(keys.photo, JPEG, 'image/jpeg');
  await t.db.propertyImage.create({
    data: {
      organizationId: orgId,
      propertyId: property.id,
      storageKey: keys.photo,
      mimeType: 'image/jpeg',
      sizeBytes: 14,
    },
  });
  // A photo that was sent in a message (its listing since deleted).
  keys.sent = storageKey(orgId, 'property', randomUUID(), 'image/png');
  await storage.put(keys.sent, PNG, 'image/png');
  await t.db.outboundMessage.create({
    data: {
      organizationId: orgId,
      channelAccountId: account.id,
      chatId: '+966500000001',
      idempotencyKey: `media-test-${randomUUID()}`,
      payload: { text: '', media: { kind: 'image', storageKey: keys.sent, mimeType: 'image/png' } },
      status: 'sent',
    },
  });
  // A file in storage that no row names.
  keys.stray = storageKey(orgId, 'property', randomUUID(), 'image/jpeg');
  await storage.put(keys.stray, JPEG, 'image/jpeg');
  // A row of one office whose key names another office.
  keys.crossed = storageKey(otherOrgId, 'property', randomUUID(), 'image/jpeg');
  await storage.put(keys.crossed, JPEG, 'image/jpeg');
  await t.db.propertyImage.create({
    data: {
      organizationId: orgId,
      propertyId: property.id,
      storageKey: keys.crossed,
      mimeType: 'image/jpeg',
      sizeBytes: 14,
    },
  });
  // A published key whose stored file is not an image.
  keys.html = storageKey(orgId, 'property', randomUUID(), 'image/jpeg');
  await storage.put(keys.html, Buffer.from('<script>alert(1)</script>'), 'text/html');
  await t.db.propertyImage.create({
    data: {
      organizationId: orgId,
      propertyId: property.id,
      storageKey: keys.html,
      mimeType: 'image/jpeg',
      sizeBytes: 25,
    },
  });
  // Something outside the storage directory.
  await writeFile(path.join(dir, 'secret.txt'), 'not for you');

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

describe('GET /media/<key> with a valid signature', () => {
  it('serves a listing photo with its type, a cache lifetime and nosniff', async () => {
    const response = await app.request(signed(`/media/${keys.photo}`));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(JPEG);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves a photo that Nova sent in a message', async () => {
    const response = await app.request(signed(`/media/${keys.sent}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
  });

  it('answers 404 for a stored file that no listing or message names', async () => {
    expect((await app.request(signed(`/media/${keys.stray}`))).status).toBe(404);
  });

  it("answers 404 for a key that names another office than its row's", async () => {
    expect((await app.request(signed(`/media/${keys.crossed}`))).status).toBe(404);
  });

  it('answers 404 rather than serve a published key whose file is not an image', async () => {
    const response = await app.request(signed(`/media/${keys.html}`));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('script');
  });

  it('answers 404 for unknown keys and for every path that tries to leave the storage directory', async () => {
    const attempts = [
      `/media/${storageKey(orgId, 'property', randomUUID(), 'image/jpeg')}`,
      '/media/..%2Fsecret.txt',
      '/media/%2e%2e/secret.txt',
      `/media/${orgId}/..%2F..%2Fsecret.txt`,
      `/media/${orgId}%2F..%2F..%2Fsecret.txt`,
      `/media/${keys.photo.replace(/\//g, '%2F')}/..%2F..%2F..%2F..%2Fsecret.txt`,
      '/media/%2Fetc%2Fpasswd',
      `/media/${keys.photo}.type`,
      '/media/',
    ];
    for (const url of attempts) {
      const response = await app.request(signed(url));
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('not for you');
    }
  });
});
