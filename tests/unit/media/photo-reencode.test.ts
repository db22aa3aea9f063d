// Received photos are stored re-encoded: a JPEG without any metadata (no EXIF, so no GPS position of
// the house), turned upright, at most 2048 px on the longer side; what does not decode is refused.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createMedia, PHOTO_MAX_SIDE } from '../../../bot/media.ts';
import type { Storage } from '../../../core/storage/storage.ts';

const ORG = '00000000-0000-4000-8000-000000000001';

function memoryStorage() {
  const files = new Map<string, { bytes: Uint8Array; mimeType: string }>();
  const storage: Storage = {
    put: async (key, bytes, mimeType) => void files.set(key, { bytes, mimeType }),
    get: async (key) => files.get(key) ?? null,
    delete: async (key) => void files.delete(key),
  };
  return { storage, files };
}

/** A phone's photo: 3000×1000 pixels stored sideways (EXIF orientation 6), with its maker and GPS position. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#884422' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'NovaTestPhone', Model: 'X1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '24/1 42/1 3600/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '46/1 40/1 1200/100',
      },
    })
    .toBuffer();
}

const dataUrl = (mimeType: string, bytes: Buffer) => `data:${mimeType};base64,${bytes.toString('base64')}`;

async function save(bytes: Buffer, mimeType: string) {
  const { storage, files } = memoryStorage();
  const media = createMedia({ storage, fetchers: {} });
  const saved = await media.savePhoto(ORG, 'memory', { kind: 'image', ref: dataUrl(mimeType, bytes), mimeType });
  return { saved, files };
}

describe('a received photo', () => {
  it('is stored without its EXIF data (GPS position, phone), upright and scaled to 2048 px', async () => {
    const original = await phonePhoto();
    const before = await sharp(original).metadata();
    // the fixture does carry what must go
    expect(before.exif?.includes(Buffer.from('NovaTestPhone'))).toBe(true);
    expect(before.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true); // the GPS IFD pointer (tag 0x8825)
    expect(before.orientation).toBe(6);

    const { saved, files } = await save(original, 'image/jpeg');
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    const stored = files.get(saved.value.storageKey)!;
    const bytes = Buffer.from(stored.bytes);
    const after = await sharp(bytes).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(bytes.includes(Buffer.from('Exif\0\0'))).toBe(false);
    expect(bytes.includes(Buffer.from('NovaTestPhone'))).toBe(false);
    // turned upright (the sideways 3000×1000 is a 1000×3000 picture), then scaled down
    expect([after.width, after.height]).toEqual([683, PHOTO_MAX_SIDE]);
    expect(after.format).toBe('jpeg');
    expect(saved.value).toMatchObject({ mimeType: 'image/jpeg', sizeBytes: bytes.byteLength });
    expect(saved.value.storageKey).toMatch(new RegExp(`^${ORG}/property/[0-9a-f-]{36}\\.jpg$`));
    expect(stored.mimeType).toBe('image/jpeg');
  });

  it('keeps a small photo its size, and stores a PNG or a WebP as a JPEG on white', async () => {
    const png = await sharp({
      create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const webp = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#123456' } })
      .webp()
      .toBuffer();
    for (const [bytes, type] of [
      [png, 'image/png'],
      [webp, 'image/webp'],
    ] as const) {
      const { saved, files } = await save(bytes, type);
      expect(saved.ok, type).toBe(true);
      if (!saved.ok) continue;
      const stored = files.get(saved.value.storageKey)!;
      const meta = await sharp(Buffer.from(stored.bytes)).metadata();
      expect([meta.format, meta.width, meta.height, meta.hasAlpha], type).toEqual(['jpeg', 40, 30, false]);
      expect(saved.value.mimeType).toBe('image/jpeg');
    }
    // the transparent PNG became white, not black
    const { saved, files } = await save(png, 'image/png');
    const stats = await sharp(Buffer.from(files.get(saved.ok ? saved.value.storageKey : '')!.bytes)).stats();
    expect(stats.channels[0]!.mean).toBeGreaterThan(250);
  });

  it('is refused as unsupported when its bytes are not an image, and nothing is stored', async () => {
    const { saved, files } = await save(Buffer.from('not a jpeg at all'), 'image/jpeg');
    expect(saved).toMatchObject({ ok: false, error: { code: 'PHOTO.UNSUPPORTED' } });
    expect(files.size).toBe(0);
  });
});
