// The Graph API client the channel uses by default (undici's request()): an answer reads as fetch's
// Response would, and a refused connection reads as "never sent", the same as through fetch.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWhatsAppCloudChannel } from '../../../bot/channels/whatsapp-cloud/cloud.channel.ts';
import { graphFetch } from '../../../bot/channels/whatsapp-cloud/cloud.http.ts';
import type { Db } from '../../../core/db/client.ts';
import { silentLogger } from '../../../core/shared/logger.ts';

let server: Server;
let base: string;
const seen: Array<{ method?: string; auth?: string; body: string }> = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, auth: req.headers.authorization, body: Buffer.concat(chunks).toString() });
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
      res.end(JSON.stringify({ error: { code: 4, message: 'slow down' } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('graphFetch', () => {
  it('sends the method, headers and body, and reads status, headers and JSON as a Response would', async () => {
    const answer = await graphFetch(`${base}/v21.0/x/messages`, {
      method: 'POST',
      headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
      body: '{"a":1}',
    });
    expect(seen.at(-1)).toEqual({ method: 'POST', auth: 'Bearer t', body: '{"a":1}' });
    expect(answer.ok).toBe(false);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('Retry-After')).toBe('7');
    expect(answer.headers.get('x-none')).toBeNull();
    expect(await answer.json()).toEqual({ error: { code: 4, message: 'slow down' } });
  });

  it('makes a refused connection a send that never left (the channel may send it again at once)', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const channel = startWhatsAppCloudChannel({
      db: { channelAccount: { update: async () => ({}), updateMany: async () => ({ count: 0 }) } } as unknown as Db,
      inbox: { accept: async () => ({ id: 'x', duplicate: false }) },
      logger: silentLogger,
      token: 't',
      phoneNumberId: 'p',
      appSecret: 's',
      verifyToken: 'v',
      apiBase: `http://127.0.0.1:${port}/v21.0`,
      templates: {},
      accountId: 'a',
    });
    await expect(channel.adapter.send('966500000001', { text: 'x' }, { idempotencyKey: 'k' })).rejects.toThrow(
      'WhatsApp Cloud API unreachable (ECONNREFUSED)',
    );
  });
});
