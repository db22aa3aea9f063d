// The AI port: an optional helper that maps text to the NLU contract, writes listing adverts, summarizes a
// timeline and transcribes voice notes. Nova stays fully useful without it: every method may answer
// { ok: false } and every caller must then do what it did before (the offline parser, no advert, no summary,
// a polite request to type). The adapter (core/ai/openai.adapter.ts) owns timeouts, the per-office daily
// budget, the cache, the circuit breaker and usage counting; callers only see an AiOutcome.
import type { Scope } from '../shared/scope.ts';

export type AiFailure = 'disabled' | 'timeout' | 'error' | 'invalid' | 'budget' | 'circuit_open';

export type AiOutcome<T> =
  | { ok: true; value: T; promptVersion: string; cached: boolean }
  | { ok: false; reason: AiFailure };

export interface UnderstandInput {
  /** the sender's message, untrusted */
  text: string;
  lang: 'ar' | 'en';
  role: 'broker' | 'owner' | 'client';
  /** what the dialog asked last (the bot's own words), if a dialog is open */
  openQuestion?: string | null;
  now: Date;
  timeZone: string;
  /**
   * the JSON schema the answer must follow (structured output); bot/language gives its own, derived from
   * the zod schema it validates the answer with. Without it the model is only asked for a JSON object.
   */
  responseSchema?: { name: string; schema: Record<string, unknown> };
}

export interface ListingFacts {
  lang?: 'ar' | 'en';
  propertyType: string;
  listingType: 'sale' | 'rent';
  city?: string | null;
  district?: string | null;
  area?: number | null;
  price?: number | null;
  rentPeriod?: string | null;
  bedrooms?: number | null;
  bathrooms?: number | null;
  features?: string[];
  regaLicence?: string | null;
  refNumber?: number | null;
}

export interface TimelineEntry {
  /** ISO 8601 */
  at: string;
  kind: string;
  text: string;
}

export interface SummarizeInput {
  lang: 'ar' | 'en';
  subject: string;
  timeline: TimelineEntry[];
}

export interface TranscribeInput {
  data: Uint8Array;
  mimeType: string;
  fileName: string;
}

export interface Ai {
  readonly enabled: boolean;
  /** raw structured output; the caller validates it with its own zod schema (bot/language owns Parsed) */
  understand(scope: Scope, input: UnderstandInput): Promise<AiOutcome<unknown>>;
  describeListing(scope: Scope, facts: ListingFacts): Promise<AiOutcome<{ ar: string; en: string }>>;
  summarize(scope: Scope, input: SummarizeInput): Promise<AiOutcome<string[]>>;
  transcribe(scope: Scope, audio: TranscribeInput): Promise<AiOutcome<{ text: string; language?: string }>>;
}

const disabled = async (): Promise<{ ok: false; reason: 'disabled' }> => ({ ok: false, reason: 'disabled' });

/** Nova without a key: every call answers { ok: false, reason: 'disabled' } at once. */
export const disabledAi: Ai = Object.freeze({
  enabled: false,
  understand: disabled,
  describeListing: disabled,
  summarize: disabled,
  transcribe: disabled,
});
