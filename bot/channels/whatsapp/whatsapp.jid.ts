// WhatsApp ids (JIDs) as plain strings: `user[:device]@server`. Small pure helpers, so that normalize and
// its tests do not have to load Baileys at run time.

export interface Jid {
  user: string;
  device?: number;
  server: string;
}

export function splitJid(jid: string | null | undefined): Jid | undefined {
  if (!jid) return undefined;
  const at = jid.lastIndexOf('@');
  if (at <= 0) return undefined;
  const server = jid.slice(at + 1);
  const [userAgent = '', device] = jid.slice(0, at).split(':');
  // `user_agent` is an old multi-device form; the agent is not part of who the person is
  const user = userAgent.split('_')[0] ?? '';
  if (!user) return undefined;
  return { user, server, ...(device !== undefined && device !== '' ? { device: Number(device) } : {}) };
}

/** A person's phone-number id: `966501234567@s.whatsapp.net` (also the legacy c.us and the hosted form). */
export function isPhoneJid(jid: string | null | undefined): jid is string {
  const server = splitJid(jid)?.server;
  return server === 's.whatsapp.net' || server === 'c.us' || server === 'hosted';
}

/** A person's privacy id, which hides the phone number: `123456789012345@lid`. */
export function isLidJid(jid: string | null | undefined): jid is string {
  const server = splitJid(jid)?.server;
  return server === 'lid' || server === 'hosted.lid';
}

/** The id of the person without the device: `966501234567:12@s.whatsapp.net` → `966501234567@s.whatsapp.net`. */
export function userJid(jid: string): string {
  const parts = splitJid(jid);
  if (!parts) return jid;
  const server = parts.server === 'c.us' ? 's.whatsapp.net' : parts.server;
  return `${parts.user}@${server}`;
}

/** E.164 of a phone-number id: `966501234567@s.whatsapp.net` → `+966501234567`. */
export function phoneOfJid(jid: string): string | undefined {
  if (!isPhoneJid(jid)) return undefined;
  const digits = splitJid(jid)?.user.replace(/\D/g, '') ?? '';
  return digits.length >= 6 ? `+${digits}` : undefined;
}
