// Phone numbers are stored in E.164. Saudi numbers arrive in every spelling (05…, 5…, 9665…,
// 009665…, +966 5…, with spaces, dashes, Arabic-Indic or Persian digits); anything that is not a
// valid number is rejected rather than guessed.
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { toAsciiDigits } from './digits.ts';

/**
 * Numbers already read: every message reads its sender's number a few times (the channel, the turn,
 * the addressing), and libphonenumber's parse is about 0.1 ms. Bounded: the oldest entry goes first.
 */
const E164_CACHE_SIZE = 5_000;
const e164Cache = new Map<string, string | undefined>();

/** The E.164 form of a phone number, or undefined when it is not a valid number. */
export function toE164(raw: string, defaultCountry: CountryCode = 'SA'): string | undefined {
  const key = `${defaultCountry}:${raw}`;
  if (e164Cache.has(key)) return e164Cache.get(key);
  const e164 = parseE164(raw, defaultCountry);
  if (e164Cache.size >= E164_CACHE_SIZE) e164Cache.delete(e164Cache.keys().next().value as string);
  e164Cache.set(key, e164);
  return e164;
}

function parseE164(raw: string, defaultCountry: CountryCode): string | undefined {
  let text = toAsciiDigits(raw).replace(/[\s\-().\u200e\u200f]/g, '');
  if (text.startsWith('00')) text = `+${text.slice(2)}`;
  // "9665XXXXXXXX" without the plus is a Saudi number written internationally.
  if (/^9665\d{8}$/.test(text)) text = `+${text}`;
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (!parsed?.isValid()) return undefined;
  return parsed.number;
}

/** Saudi mobile numbers for display: "+966 55 123 4567" → "055 123 4567". */
export function formatPhoneLocal(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatNational() : e164;
}
