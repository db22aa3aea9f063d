// A fake OpenAI-compatible server for tests (node:http on port 0): it records every request and answers
// POST /v1/chat/completions and POST /v1/audio/transcriptions from a script. Each scripted answer is
// used once, in order; when the script is empty, `otherwise` answers (default: the model understood
// nothing). An answer may be a JSON value (sent as the assistant's content), raw content (not JSON), an
// HTTP error, or a hang: the request is never answered (the client's timeout must end it).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeAnswer =
  | { json: unknown; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { content: string }
  | { status: number; body?: unknown }
  | { hang: true }
  | { transcript: string; language?: string };

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  /** the raw body (JSON for chat completions, multipart form data for transcriptions) */
  raw: string;
  /** the JSON body, when it was JSON */
  body?: Record<string, unknown>;
}

export interface FakeOpenAi {
  /** the base URL to give as OPENAI_BASE_URL (…/v1) */
  url: string;
  requests: RecordedRequest[];
  /** queues answers, used once each in order */
  script(...answers: FakeAnswer[]): void;
  /** the answer when the script is empty */
  otherwise: (request: RecordedRequest) => FakeAnswer;
  /** forgets the script and the recorded requests */
  reset(): void;
  close(): Promise<void>;
}

const UNDERSTOOD_NOTHING: FakeAnswer = { json: { intent: 'unknown', entities: {} } };

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const queue: FakeAnswer[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const fake: FakeOpenAi = {
    url: '',
    requests,
    script: (...answers) => void queue.push(...answers),
    otherwise: () => UNDERSTOOD_NOTHING,
    reset() {
      queue.length = 0;
      requests.length = 0;
      fake.otherwise = () => UNDERSTOOD_NOTHING;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> | undefined;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = { path: req.url ?? '', headers: req.headers, raw, body };
      requests.push(recorded);
      const answer = queue.shift() ?? fake.otherwise(recorded);
      if ('hang' in answer) return; // never answered
      if ('status' in answer) return send(res, answer.status, answer.body ?? { error: { message: 'scripted error' } });
      if (req.url?.endsWith('/audio/transcriptions')) {
        if (!('transcript' in answer)) return send(res, 500, { error: { message: 'no transcript scripted' } });
        return send(res, 200, { text: answer.transcript, ...(answer.language ? { language: answer.language } : {}) });
      }
      if (!req.url?.endsWith('/chat/completions')) return send(res, 404, { error: { message: 'not found' } });
      const content = 'json' in answer ? JSON.stringify(answer.json) : 'content' in answer ? answer.content : '';
      const usage = 'json' in answer && answer.usage ? answer.usage : { prompt_tokens: 120, completion_tokens: 30 };
      send(res, 200, {
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: 1_790_000_000,
        model: (body?.model as string | undefined) ?? 'fake',
        choices: [
          { index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null },
        ],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}
