// WhatsApp Cloud API webhook bodies → Nova's InboundMessage (pure). Meta's payload shapes stay in this
// file: callers get InboundMessage[] and neutral status updates. Input is untrusted JSON (even when
// signed, Meta adds fields and types over time), so every field is read defensively and anything
// unknown is skipped rather than thrown on.
import type { InboundMedia, InboundMessage } from '../../types.ts';

/** A delivery report for a message Nova sent, keyed by the channel's message id (the wamid). */
export interface CloudStatusUpdate {
  externalId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  /** the recipient's WhatsApp id */
  recipient?: string;
  /** ISO time Meta reports for the status */
  at?: string;
  errors?: Array<{ code: number; title: string; details?: string }>;
  /** what Nova put in biz_opaque_callback_data when it sent the message */
  callbackData?: string;
}

export interface CloudWebhookContent {
  messages: InboundMessage[];
  statuses: CloudStatusUpdate[];
}

export interface NormalizeOptions {
  /** our channel_accounts.id for the phone number */
  channelAccountId: string;
  /** when set, changes for other phone numbers of the same app are skipped */
  phoneNumberId?: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Json => (isObject(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
};

const MEDIA_KINDS: ReadonlyArray<InboundMedia['kind']> = ['image', 'document', 'audio', 'video', 'sticker'];
const STATUSES: ReadonlyArray<CloudStatusUpdate['status']> = ['sent', 'delivered', 'read', 'failed'];

function isoFromUnixSeconds(v: unknown): string | undefined {
  const seconds = num(v);
  return seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();
}

/** Reads one webhook body. Not a WhatsApp Business Account event → nothing. */
export function normalizeCloudWebhook(body: unknown, options: NormalizeOptions): CloudWebhookContent {
  const result: CloudWebhookContent = { messages: [], statuses: [] };
  const root = obj(body);
  if (root.object !== 'whatsapp_business_account') return result;
  for (const entry of list(root.entry)) {
    for (const change of list(obj(entry).changes)) {
      const { field, value } = obj(change);
      // Template status, account and quality updates arrive on other fields: not chat traffic.
      if (field !== undefined && field !== 'messages') continue;
      const v = obj(value);
      const phoneNumberId = str(obj(v.metadata).phone_number_id);
      if (options.phoneNumberId && phoneNumberId && phoneNumberId !== options.phoneNumberId) continue;
      const profiles = contactProfiles(v.contacts);
      for (const raw of list(v.messages)) {
        const message = normalizeMessage(obj(raw), profiles, options.channelAccountId);
        if (message) result.messages.push(message);
      }
      for (const raw of list(v.statuses)) {
        const status = normalizeStatus(obj(raw));
        if (status) result.statuses.push(status);
      }
    }
  }
  return result;
}

interface Profile {
  name?: string;
}

/** The senders' profile names by WhatsApp id (and by business-scoped user id, when Meta sends one). */
function contactProfiles(contacts: unknown): Map<string, Profile> {
  const profiles = new Map<string, Profile>();
  for (const raw of list(contacts)) {
    const c = obj(raw);
    const profile: Profile = { name: str(obj(c.profile).name)?.trim() || undefined };
    const waId = str(c.wa_id);
    const userId = str(c.user_id);
    if (waId) profiles.set(waId, profile);
    if (userId) profiles.set(userId, profile);
  }
  return profiles;
}

function normalizeMessage(
  m: Json,
  profiles: Map<string, Profile>,
  channelAccountId: string,
): InboundMessage | undefined {
  const externalId = str(m.id);
  // `from` is the sender's WhatsApp id (the phone digits). Users who adopt a username may hide it;
  // then only the business-scoped user id identifies the chat, and there is no phone.
  const waId = str(m.from)?.replace(/^\+/, '');
  const userId = str(m.from_user_id) ?? str(m.user_id);
  const chatId = waId ?? userId;
  if (!externalId || !chatId) return undefined;
  const profile =
    profiles.get(chatId) ??
    (userId ? profiles.get(userId) : undefined) ??
    (profiles.size === 1 ? [...profiles.values()][0] : undefined);
  const base = {
    channelAccountId,
    externalId,
    chatId,
    sender: {
      externalId: chatId,
      ...(waId && /^\d+$/.test(waId) ? { phone: `+${waId}` } : {}),
      ...(profile?.name ? { displayName: profile.name } : {}),
    },
    ...(isoFromUnixSeconds(m.timestamp) ? { sentAt: isoFromUnixSeconds(m.timestamp) } : {}),
  } satisfies Partial<InboundMessage>;

  const type = str(m.type);
  switch (type) {
    case 'text': {
      return { ...base, kind: 'text', text: str(obj(m.text).body) ?? '' };
    }
    case 'interactive': {
      const interactive = obj(m.interactive);
      const reply = obj(
        interactive.type === 'button_reply'
          ? interactive.button_reply
          : interactive.type === 'list_reply'
            ? interactive.list_reply
            : undefined,
      );
      const id = str(reply.id);
      // Flow replies (nfm_reply) and anything newer carry no choice of ours.
      if (!id) return undefined;
      return { ...base, kind: 'choice', choiceId: id, ...(str(reply.title) ? { text: str(reply.title) } : {}) };
    }
    case 'button': {
      // A quick-reply button of a template message: its payload is the id we set; older templates
      // without one only give the text.
      const button = obj(m.button);
      const id = str(button.payload) ?? str(button.text);
      if (!id) return undefined;
      return { ...base, kind: 'choice', choiceId: id, ...(str(button.text) ? { text: str(button.text) } : {}) };
    }
    case 'image':
    case 'document':
    case 'audio':
    case 'video':
    case 'sticker': {
      const media = obj(m[type]);
      const ref = str(media.id);
      if (!ref || !MEDIA_KINDS.includes(type)) return undefined;
      const caption = str(media.caption);
      return {
        ...base,
        kind: 'media',
        ...(caption ? { text: caption } : {}),
        media: {
          kind: type,
          ref,
          ...(str(media.mime_type) ? { mimeType: str(media.mime_type) } : {}),
          ...(str(media.filename) ? { fileName: str(media.filename) } : {}),
        },
      };
    }
    case 'location': {
      const location = obj(m.location);
      const latitude = num(location.latitude);
      const longitude = num(location.longitude);
      if (latitude === undefined || longitude === undefined) return undefined;
      return {
        ...base,
        kind: 'location',
        location: {
          latitude,
          longitude,
          ...(str(location.name) ? { name: str(location.name) } : {}),
          ...(str(location.address) ? { address: str(location.address) } : {}),
        },
      };
    }
    case 'contacts': {
      // A shared contact card: the first phone of the first card (its WhatsApp id when it has one).
      for (const raw of list(m.contacts)) {
        const card = obj(raw);
        const name = str(obj(card.name).formatted_name);
        for (const rawPhone of list(card.phones)) {
          const p = obj(rawPhone);
          const phone = str(p.wa_id) ? `+${str(p.wa_id)!.replace(/^\+/, '')}` : str(p.phone);
          if (phone) return { ...base, kind: 'contact', contact: { phone, ...(name ? { name } : {}) } };
        }
      }
      return undefined;
    }
    default:
      // reaction, unsupported, system (number changed), order, request_welcome, …: not a turn.
      return undefined;
  }
}

function normalizeStatus(s: Json): CloudStatusUpdate | undefined {
  const externalId = str(s.id);
  const status = str(s.status) as CloudStatusUpdate['status'] | undefined;
  if (!externalId || !status || !STATUSES.includes(status)) return undefined;
  const errors = list(s.errors)
    .map((raw) => {
      const e = obj(raw);
      const code = num(e.code);
      if (code === undefined) return undefined;
      const details = str(obj(e.error_data).details);
      return { code, title: str(e.title) ?? str(e.message) ?? 'error', ...(details ? { details } : {}) };
    })
    .filter((e) => e !== undefined);
  const recipient = str(s.recipient_id) ?? str(s.recipient_user_id);
  const at = isoFromUnixSeconds(s.timestamp);
  const callbackData = str(s.biz_opaque_callback_data);
  return {
    externalId,
    status,
    ...(callbackData ? { callbackData } : {}),
    ...(recipient ? { recipient } : {}),
    ...(at ? { at } : {}),
    ...(errors.length ? { errors } : {}),
  };
}
