// Which URLs an endpoint may have, and which redirects a delivery follows. Pure.

export const MAX_URL_LENGTH = 2_048;

/**
 * The endpoint URL normalized, or why it is refused: http(s) only (no file:, data:, ftp: …), a host,
 * no user name or password in it (fetch refuses them, and a secret belongs in the signature).
 */
export function checkEndpointUrl(raw: string): { ok: true; url: string } | { ok: false; reason: string } {
  const text = raw.trim();
  if (!text || text.length > MAX_URL_LENGTH) return { ok: false, reason: 'length' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme' };
  if (!url.hostname) return { ok: false, reason: 'host' };
  if (url.username || url.password) return { ok: false, reason: 'credentials' };
  url.hash = '';
  return { ok: true, url: url.toString() };
}

/**
 * Where a redirect from `from` leads, when a delivery may follow it: the same scheme, host and port
 * only (a redirect to another host is never followed: the signed body would go somewhere the office did
 * not register). Null otherwise.
 */
export function sameOriginRedirect(from: string, location: string | null): string | null {
  if (!location) return null;
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    return null;
  }
  return target.origin === new URL(from).origin ? target.toString() : null;
}
