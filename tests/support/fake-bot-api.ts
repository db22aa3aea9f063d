// A fake Telegram Bot API on 127.0.0.1 for tests with several bots: each token has its own queue of
// updates (served by long polling) and its own record of calls. grammY talks to it as to Telegram
// (TELEGRAM_API_ROOT / apiRoot). A compact cousin of the fake in tests/integration/telegram.test.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BotCall {
  token: string;
  method: string;
  body: Record<string, unknown>;
}

export interface TgUser {
  id: number;
  is_bot: false;
  first_name: string;
  language_code?: string;
}

export async function startFakeBotApi() {
  const calls: BotCall[] = [];
  const queues = new Map<string, Array<Record<string, unknown>>>();
  const waiters = new Map<string, Set<() => void>>();
  /** files the bots may download (getFile, then GET /file/bot<token>/<path>), by file_id */
  const files = new Map<string, { path: string; bytes: Buffer }>();
  let nextMessageId = 100;
  let nextUpdateId = 1_000;
  const queueOf = (token: string) => queues.get(token) ?? queues.set(token, []).get(token)!;
  const waitersOf = (token: string) => waiters.get(token) ?? waiters.set(token, new Set()).get(token)!;

  async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (req.headers['content-type']?.startsWith('multipart/form-data')) return { multipart: raw };
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  }
  const send = (res: ServerResponse, status: number, body: unknown) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  async function getUpdates(token: string, body: Record<string, unknown>, req: IncomingMessage) {
    const queue = queueOf(token);
    const offset = typeof body.offset === 'number' ? body.offset : 0;
    while (queue.length && (queue[0]!.update_id as number) < offset) queue.shift();
    const timeout = typeof body.timeout === 'number' ? body.timeout : 0;
    if (!queue.length && timeout > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waitersOf(token).delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeout * 1_000);
        waitersOf(token).add(done);
        req.once('close', done);
      });
    }
    return queue.slice(0, typeof body.limit === 'number' ? body.limit : 100);
  }

  const server = createServer((req, res) => {
    void (async () => {
      const download = (req.url ?? '').match(/^\/file\/bot[^/]+\/(.+)$/);
      if (download && req.method === 'GET') {
        const file = [...files.values()].find((f) => f.path === download[1]);
        res.writeHead(file ? 200 : 404, { 'content-type': 'application/octet-stream' });
        res.end(file?.bytes ?? '');
        return;
      }
      const route = (req.url ?? '').match(/^\/bot([^/]+)\/(\w+)$/);
      if (!route) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      const [, token, method] = route as unknown as [string, string, string];
      const body = await readBody(req);
      calls.push({ token, method, body });
      const ok = (result: unknown) => send(res, 200, { ok: true, result });
      switch (method) {
        case 'getMe':
          return ok({
            id: Number(token.split(':')[0]),
            is_bot: true,
            first_name: 'Nova',
            username: `bot${token.split(':')[0]}`,
          });
        case 'getUpdates':
          return ok(await getUpdates(token, body, req));
        case 'sendMessage':
          return ok({
            message_id: nextMessageId++,
            chat: { id: body.chat_id, type: 'private' },
            date: 0,
            text: body.text,
          });
        case 'deleteWebhook':
        case 'setWebhook':
        case 'answerCallbackQuery':
          return ok(true);
        case 'getFile': {
          const file = files.get(String(body.file_id));
          if (!file) return send(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
          return ok({ file_id: body.file_id, file_unique_id: 'u', file_size: file.bytes.length, file_path: file.path });
        }
        default:
          return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let messageId = 1;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    /** the texts a bot sent to a chat, in order */
    sentTo: (token: string, chatId: number) =>
      calls
        .filter((c) => c.token === token && c.method === 'sendMessage' && c.body.chat_id === chatId)
        .map((c) => String(c.body.text)),
    /** a private text message from `from` to the bot of `token` */
    text(token: string, from: TgUser, text: string) {
      this.push(token, {
        message: { message_id: messageId++, from, chat: { id: from.id, type: 'private' }, date: 1_795_856_400, text },
      });
    },
    /** the sender shares his own contact (Telegram then tells the bot his phone) */
    shareContact(token: string, from: TgUser, phone: string) {
      this.push(token, {
        message: {
          message_id: messageId++,
          from,
          chat: { id: from.id, type: 'private' },
          date: 1_795_856_400,
          contact: { phone_number: phone, first_name: from.first_name, user_id: from.id },
        },
      });
    },
    /** a voice note from `from` (its bytes served through getFile and the file URL, as Telegram does) */
    voice(token: string, from: TgUser, bytes: Buffer, durationSeconds = 3) {
      const fileId = `AwACvoice${messageId}`;
      files.set(fileId, { path: `voice/file_${messageId}.oga`, bytes });
      this.push(token, {
        message: {
          message_id: messageId++,
          from,
          chat: { id: from.id, type: 'private' },
          date: 1_795_856_400,
          voice: {
            file_id: fileId,
            file_unique_id: `u${fileId}`,
            duration: durationSeconds,
            mime_type: 'audio/ogg',
            file_size: bytes.length,
          },
        },
      });
    },
    push(token: string, update: Record<string, unknown>) {
      queueOf(token).push({ update_id: nextUpdateId++, ...update });
      for (const wake of [...waitersOf(token)]) wake();
    },
    async close() {
      for (const set of waiters.values()) for (const wake of [...set]) wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeBotApi = Awaited<ReturnType<typeof startFakeBotApi>>;
