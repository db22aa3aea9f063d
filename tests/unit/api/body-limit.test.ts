// bodyWithin: a body over the limit is refused whether its size is declared or not; a body within it
// reaches the handler whole.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bodyWithin } from '../../../api/body-limit.ts';

function app() {
  const a = new Hono();
  a.post(
    '/',
    bodyWithin(10, (c) => c.text('too large', 413)),
    async (c) => c.text(`got ${(await c.req.text()).length}`),
  );
  return a;
}

/** A body sent in chunks without a Content-Length header. */
const chunked = (parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of parts) controller.enqueue(new TextEncoder().encode(p));
      controller.close();
    },
  });

describe('bodyWithin', () => {
  it('refuses a body whose declared length is over the limit, without reading it', async () => {
    const res = await app().request('/', { method: 'POST', body: 'x'.repeat(11), headers: { 'content-length': '11' } });
    expect(res.status).toBe(413);
  });

  it('passes a body within the limit to the handler whole', async () => {
    const res = await app().request('/', { method: 'POST', body: 'x'.repeat(10), headers: { 'content-length': '10' } });
    expect(await res.text()).toBe('got 10');
  });

  it('counts a chunked body and refuses it once it passes the limit', async () => {
    const res = await app().request('/', {
      method: 'POST',
      body: chunked(['xxxxxx', 'xxxxxx']),
      duplex: 'half',
    });
    expect(res.status).toBe(413);
  });

  it('passes a chunked body within the limit', async () => {
    const res = await app().request('/', {
      method: 'POST',
      body: chunked(['xxx', 'xxx']),
      duplex: 'half',
    });
    expect(await res.text()).toBe('got 6');
  });
});
