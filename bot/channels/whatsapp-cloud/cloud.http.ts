// How the channel calls the Graph API: undici's request(), the HTTP client under Node's fetch without
// fetch's WHATWG layer (Request, Headers, Response and body streams built for every call). Measured on
// the benchmark machine (bench/e2e), one message send cost about 0.38 ms of CPU through fetch and 0.05 ms
// through request(): at hundreds of replies a second, a tenth of a turn.
import type { request as undiciRequest } from 'undici';

/** undici is loaded on the first call (about 20 MB of a process): a Nova without WhatsApp Cloud never loads it. */
let loaded: Promise<typeof undiciRequest> | undefined;
const requestFn = () => {
  loaded ??= import('undici').then((undici) => undici.request);
  return loaded;
};

/** What the channel reads of an answer: fetch's Response has all of it, so tests may pass fetch itself. */
export interface GraphResponse {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface GraphInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export type GraphFetch = (url: string, init: GraphInit) => Promise<GraphResponse>;

/**
 * A call through undici's request(). Its connection errors carry their code on the error itself (fetch's
 * on `cause`); the channel reads both.
 */
export const graphFetch: GraphFetch = async (url, init) => {
  const request = await requestFn();
  const answer = await request(url, {
    method: (init.method ?? 'GET') as 'GET' | 'POST',
    headers: init.headers,
    body: init.body,
    signal: init.signal,
  });
  return {
    ok: answer.statusCode >= 200 && answer.statusCode < 300,
    status: answer.statusCode,
    headers: {
      get(name) {
        const value = answer.headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
    },
    json: () => answer.body.json(),
    arrayBuffer: () => answer.body.arrayBuffer(),
  };
};
