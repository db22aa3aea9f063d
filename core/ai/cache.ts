// The AI helper's answer cache: in memory, bounded, per process. Why not PostgreSQL: what it holds is
// personal data (messages, the timeline of a customer, adverts before they are accepted) and a second
// copy in a table would have to be protected, expired and erased with the customer; the hits worth having
// are short-lived (the same message delivered twice or retried, an advert asked for again while it is
// being edited), and a restart losing them costs a model call at most. Keys carry the office, so that no
// office is ever answered from another's entry.
import { createHash } from 'node:crypto';

export interface AnswerCache {
  get(key: string): { value: unknown; promptVersion: string } | undefined;
  set(key: string, entry: { value: unknown; promptVersion: string }, ttlMs: number): void;
  readonly size: number;
}

export function createAnswerCache(options: { maxEntries: number; now: () => number }): AnswerCache {
  const entries = new Map<string, { value: unknown; promptVersion: string; expires: number }>();
  return {
    get(key) {
      const hit = entries.get(key);
      if (!hit) return undefined;
      entries.delete(key);
      if (hit.expires <= options.now()) return undefined;
      entries.set(key, hit); // most recently used last
      return { value: hit.value, promptVersion: hit.promptVersion };
    },
    set(key, entry, ttlMs) {
      entries.delete(key);
      entries.set(key, { ...entry, expires: options.now() + ttlMs });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
    },
    get size() {
      return entries.size;
    },
  };
}

/** The key of an answer: a hash of everything the model is given (office, use, model, prompt version, input). */
export function cacheKey(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
