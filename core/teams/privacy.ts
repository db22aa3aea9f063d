// Privacy of contacts: a homeowner's or a client's phone is shown to his broker (the member the
// customer is assigned to, or whose listing or viewing it is) and to whoever sees the whole office
// (the owner, an admin, a manager: crm.viewAll), never to an observer. Everyone else reads it masked.
// Core reads apply it, so that every edge (chat, web chat, admin API) gets the same answer. The
// marketplace reveal (an accepted match or offer) is a separate, audited path and is not masked.
import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import type { Scope } from '../shared/scope.ts';
import { actingMember, may } from './authorize.ts';

const MASK = '•';

/** «+966551234567» → «+9665•••••567»: the country and the first digit, then the last three. */
export function maskPhone(phone: string): string {
  const chars = [...phone];
  if (chars.length <= 8) return MASK.repeat(Math.max(chars.length, 3));
  return `${chars.slice(0, 5).join('')}${MASK.repeat(chars.length - 8)}${chars.slice(-3).join('')}`;
}

export const isMasked = (phone: string | null | undefined) => Boolean(phone?.includes(MASK));

/**
 * Whether the scope may read the phone of a customer whose brokers are `brokers` (his assignee, the
 * listing's or the viewing's broker). Contacts and Nova's own work read what their flow needs (a
 * client his own booking); their replies choose what to show.
 */
export function maySeePhone(scope: Scope, brokers: ReadonlyArray<string | null | undefined>): boolean {
  const member = actingMember(scope);
  if (!member) return !scope.role || scope.role === 'contact' || scope.role === 'system';
  if (member.role === 'observer') return false;
  if (member.role === 'owner' || member.role === 'admin') return true;
  if (may(scope, 'crm', 'viewAll')) return true;
  return brokers.some((id) => id === member.userId);
}

/** The phone as the scope may read it: itself, masked, or null when there is none. */
export function shownPhone(
  scope: Scope,
  phone: string | null | undefined,
  brokers: ReadonlyArray<string | null | undefined>,
): string | null {
  if (!phone) return phone ?? null;
  return maySeePhone(scope, brokers) ? phone : maskPhone(phone);
}

/**
 * The text with every phone number in it masked (any spelling: 05…, +966 5…, Arabic-Indic digits),
 * for a reader who may not read them: a chat log shown to a member who is not its broker.
 */
export function maskPhonesInText(text: string): string {
  const found = findPhoneNumbersInText(text, { defaultCountry: 'SA' });
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const match of found) {
    out += text.slice(at, match.startsAt) + maskPhone(match.number.number);
    at = match.endsAt;
  }
  return out + text.slice(at);
}
