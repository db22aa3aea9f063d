// X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signCloudPayload, verifyCloudSignature } from '../../../bot/channels/whatsapp-cloud/cloud.signature.ts';

const SECRET = 'app-secret-1234';
const BODY = '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[]}]}';
const hex = (secret: string, body: string | Buffer) => createHmac('sha256', secret).update(body).digest('hex');

describe('verifyCloudSignature', () => {
  it('accepts the signature of exactly these bytes, as a string or a Buffer, in either hex case', () => {
    const header = `sha256=${hex(SECRET, BODY)}`;
    expect(verifyCloudSignature(SECRET, BODY, header)).toBe(true);
    expect(verifyCloudSignature(SECRET, Buffer.from(BODY), header)).toBe(true);
    expect(verifyCloudSignature(SECRET, BODY, header.toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
    expect(signCloudPayload(SECRET, BODY)).toBe(header);
  });

  it('checks the raw bytes: the same JSON re-serialised differently fails', () => {
    const header = signCloudPayload(SECRET, BODY);
    expect(verifyCloudSignature(SECRET, JSON.stringify(JSON.parse(BODY), null, 2), header)).toBe(false);
    const arabic = '{"text":"عميل جديد"}';
    expect(verifyCloudSignature(SECRET, Buffer.from(arabic, 'utf8'), signCloudPayload(SECRET, arabic))).toBe(true);
  });

  it('refuses a forged signature (another secret or another body)', () => {
    expect(verifyCloudSignature(SECRET, BODY, `sha256=${hex('other-secret', BODY)}`)).toBe(false);
    expect(verifyCloudSignature(SECRET, BODY, `sha256=${hex(SECRET, `${BODY} `)}`)).toBe(false);
  });

  it('refuses a missing or empty header, and an empty secret', () => {
    expect(verifyCloudSignature(SECRET, BODY, undefined)).toBe(false);
    expect(verifyCloudSignature(SECRET, BODY, null)).toBe(false);
    expect(verifyCloudSignature(SECRET, BODY, '')).toBe(false);
    expect(verifyCloudSignature('', BODY, `sha256=${hex('', BODY)}`)).toBe(false);
  });

  it('refuses malformed headers without throwing', () => {
    const digest = hex(SECRET, BODY);
    for (const header of [
      digest,
      `sha1=${digest}`,
      `sha256:${digest}`,
      'sha256=',
      `sha256=${digest.replace(/./, 'z')}`,
      'sha256=not hex at all',
    ]) {
      expect(verifyCloudSignature(SECRET, BODY, header), header).toBe(false);
    }
  });

  it('refuses signatures of a different length without throwing', () => {
    const digest = hex(SECRET, BODY);
    expect(verifyCloudSignature(SECRET, BODY, `sha256=${digest.slice(0, 62)}`)).toBe(false);
    expect(verifyCloudSignature(SECRET, BODY, `sha256=${digest}00`)).toBe(false);
    expect(verifyCloudSignature(SECRET, BODY, `sha256=${createHmac('sha1', SECRET).update(BODY).digest('hex')}`)).toBe(
      false,
    );
  });
});
