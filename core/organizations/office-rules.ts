// Pure rules of an office's identity: its slug (the short name in URLs, channel accounts and the CLI)
// and its time zone. A slug is derived from the office's name when the operator gives none; an Arabic
// name has no Latin letters to take, so it gets "office-<6 hex>" instead.

/** 3–48 characters: lower-case Latin letters, digits and inner hyphens. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,46})[a-z0-9]$/;
const MAX_DERIVED = 40;

/** The slug as written by an operator, lower-cased; undefined when it is not a valid slug. */
export function normalizeSlug(raw: string): string | undefined {
  const slug = raw.trim().toLowerCase();
  return SLUG_PATTERN.test(slug) && !slug.includes('--') ? slug : undefined;
}

/** The Latin letters and digits of a name as a slug ("Riyadh Homes & Co." → "riyadh-homes-co"), if enough. */
export function slugFromName(name: string): string | undefined {
  const latin = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = latin.slice(0, MAX_DERIVED).replace(/-+$/g, '');
  return normalizeSlug(cut);
}

/** "office-" and six hex digits, from a random source the caller gives (crypto in production). */
export function fallbackSlug(randomHex: string): string {
  const hex = randomHex
    .toLowerCase()
    .replace(/[^0-9a-f]/g, '')
    .slice(0, 6);
  if (hex.length < 6) throw new Error('fallbackSlug needs six hex digits');
  return `office-${hex}`;
}

/** The slug of a new office named `name`: its Latin part, or office-<6 hex> (an Arabic name). */
export function deriveSlug(name: string, randomHex: () => string): string {
  return slugFromName(name) ?? fallbackSlug(randomHex());
}

/** Whether the IANA zone exists ("Asia/Riyadh"), as this Node's Intl knows it. */
export function isTimeZone(zone: string): boolean {
  if (!zone || !/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
