// Voice notes fetched for transcription (bot/media.ts fetchAudio): the length and size caps hold before
// anything is downloaded, the format is named by a file extension the transcription service reads, and
// what is not audio is refused.
import { describe, expect, it } from 'vitest';
import { createMedia, MAX_AUDIO_BYTES, type MediaFetcher } from '../../../bot/media.ts';
import type { Storage } from '../../../core/storage/storage.ts';

function mediaWith(file: { bytes: Uint8Array; mimeType: string }) {
  const fetched: string[] = [];
  const fetcher: MediaFetcher = async (ref) => {
    fetched.push(ref);
    return file;
  };
  const media = createMedia({ storage: {} as Storage, fetchers: { telegram: fetcher } });
  return { media, fetched };
}
const OGG = { bytes: Buffer.from('OggS....'), mimeType: 'audio/ogg' };

describe('fetching a voice note', () => {
  it('names an Ogg voice note voice.ogg, the codec parameter dropped', async () => {
    const { media } = mediaWith({ ...OGG, mimeType: 'audio/ogg; codecs=opus' });
    const got = await media.fetchAudio('telegram', { kind: 'audio', ref: 'f1', durationSeconds: 4 });
    expect(got).toMatchObject({ ok: true, value: { mimeType: 'audio/ogg', fileName: 'voice.ogg' } });
  });

  it('takes the message’s type when the download is served as octet-stream', async () => {
    const { media } = mediaWith({ ...OGG, mimeType: 'application/octet-stream' });
    const got = await media.fetchAudio('telegram', { kind: 'audio', ref: 'f1', mimeType: 'audio/mpeg' });
    expect(got).toMatchObject({ ok: true, value: { fileName: 'voice.mp3' } });
  });

  it('refuses a note over three minutes or 10 MB without downloading it', async () => {
    const { media, fetched } = mediaWith(OGG);
    expect(await media.fetchAudio('telegram', { kind: 'audio', ref: 'f1', durationSeconds: 181 })).toMatchObject({
      ok: false,
      error: { code: 'AUDIO.TOO_LONG' },
    });
    expect(
      await media.fetchAudio('telegram', { kind: 'audio', ref: 'f1', sizeBytes: MAX_AUDIO_BYTES + 1 }),
    ).toMatchObject({ ok: false, error: { code: 'AUDIO.TOO_LARGE' } });
    expect(fetched).toEqual([]);
  });

  it('refuses a download that turns out too large or not audio, and a channel that cannot fetch', async () => {
    const big = mediaWith({ bytes: new Uint8Array(MAX_AUDIO_BYTES + 1), mimeType: 'audio/ogg' });
    expect(await big.media.fetchAudio('telegram', { kind: 'audio', ref: 'f1' })).toMatchObject({
      error: { code: 'AUDIO.TOO_LARGE' },
    });
    const text = mediaWith({ bytes: Buffer.from('hello'), mimeType: 'text/plain' });
    expect(await text.media.fetchAudio('telegram', { kind: 'audio', ref: 'f1' })).toMatchObject({
      error: { code: 'AUDIO.UNSUPPORTED' },
    });
    expect(await text.media.fetchAudio('whatsapp_cloud', { kind: 'audio', ref: 'f1' })).toMatchObject({
      error: { code: 'AUDIO.UNAVAILABLE' },
    });
  });
});
