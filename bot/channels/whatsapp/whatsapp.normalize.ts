// Baileys message → InboundMessage. Pure: the only Baileys import is a type, erased at build time, and
// nothing of Baileys' shape leaves this file. Messages Nova should not answer (its own, groups, status,
// newsletters, reactions, protocol and key-distribution messages, poll votes) become null.
import type { proto, WAMessage } from '@whiskeysockets/baileys';
import { toE164 } from '../../../core/shared/phone.ts';
import type { InboundMedia, InboundMessage } from '../../types.ts';
import { isLidJid, isPhoneJid, phoneOfJid, userJid } from './whatsapp.jid.ts';

type Content = proto.IMessage;

/** Wrappers whose `message` holds the real content (disappearing, view once, captioned documents, …). */
const CONTAINERS = [
  'ephemeralMessage',
  'viewOnceMessage',
  'viewOnceMessageV2',
  'viewOnceMessageV2Extension',
  'documentWithCaptionMessage',
  'groupMentionedMessage',
  'botInvokeMessage',
  'lottieStickerMessage',
  'associatedChildMessage',
] as const satisfies ReadonlyArray<keyof Content>;

/**
 * Parts that are never a message to answer: receipts of the protocol (revokes, edits, disappearing
 * settings, history sync), encryption bookkeeping, reactions, pins and poll votes. A message made only of
 * these is ignored.
 */
const NOT_A_MESSAGE = new Set<string>([
  'messageContextInfo',
  'senderKeyDistributionMessage',
  'fastRatchetKeySenderKeyDistributionMessage',
  'protocolMessage',
  'reactionMessage',
  'encReactionMessage',
  'pollUpdateMessage',
  'keepInChatMessage',
  'pinInChatMessage',
  'editedMessage',
  'encEventResponseMessage',
  'encCommentMessage',
  'secretEncryptedMessage',
  'placeholderMessage',
  'stickerSyncRmrMessage',
  'messageHistoryBundle',
  'messageHistoryNotice',
  'callLogMesssage',
  'call',
]);

/** Turns a phone id into a phone number when WhatsApp gives only the privacy id (`@lid`). */
export type LidToPhone = (lidJid: string) => string | undefined;

export function normalizeBaileysMessage(
  msg: WAMessage,
  channelAccountId: string,
  lidToPhone?: LidToPhone,
): InboundMessage | null {
  const key = msg.key;
  if (!key || key.fromMe || !key.id) return null;
  const remoteJid = key.remoteJid;
  // Only one-to-one chats with a person: not groups, status, broadcast lists, newsletters or bots.
  if (!remoteJid || !(isPhoneJid(remoteJid) || isLidJid(remoteJid))) return null;
  if (msg.broadcast) return null;

  const content = unwrap(msg.message);
  if (!content) return null;

  const sender = senderOf(key, remoteJid, lidToPhone);
  const pushName = msg.pushName?.trim();
  const base: InboundMessage = {
    channelAccountId,
    externalId: key.id,
    chatId: remoteJid,
    sender: { ...sender, ...(pushName ? { displayName: pushName } : {}) },
    kind: 'unsupported',
  };
  const sentAt = isoFromSeconds(msg.messageTimestamp);
  if (sentAt) base.sentAt = sentAt;

  const body = readContent(content, key.id);
  if (body === null) return null;
  return { ...base, ...body };
}

type Body = Pick<InboundMessage, 'kind' | 'text' | 'choiceId' | 'media' | 'location' | 'contact'>;

function readContent(c: Content, ref: string): Body | null {
  if (typeof c.conversation === 'string') return { kind: 'text', text: c.conversation };
  if (typeof c.extendedTextMessage?.text === 'string') return { kind: 'text', text: c.extendedTextMessage.text };

  const choice = readChoice(c);
  if (choice) return choice;

  const media = readMedia(c, ref);
  if (media) return media;

  const location = c.locationMessage ?? c.liveLocationMessage;
  if (location && Number.isFinite(location.degreesLatitude) && Number.isFinite(location.degreesLongitude)) {
    const named = 'name' in location ? location.name : undefined;
    const address = 'address' in location ? location.address : undefined;
    return {
      kind: 'location',
      location: {
        latitude: location.degreesLatitude as number,
        longitude: location.degreesLongitude as number,
        ...(named ? { name: named } : {}),
        ...(address ? { address } : {}),
      },
    };
  }

  const card = c.contactMessage ?? c.contactsArrayMessage?.contacts?.[0];
  if (card) {
    const phone = phoneFromVcard(card.vcard);
    if (!phone) return { kind: 'unsupported' };
    return { kind: 'contact', contact: { phone, ...(card.displayName ? { name: card.displayName } : {}) } };
  }

  const parts = Object.entries(c).filter(([, v]) => v !== null && v !== undefined);
  if (parts.length === 0 || parts.every(([name]) => NOT_A_MESSAGE.has(name))) return null;
  return { kind: 'unsupported' };
}

function readChoice(c: Content): Body | undefined {
  const button = c.buttonsResponseMessage;
  if (button?.selectedButtonId) {
    return { kind: 'choice', choiceId: button.selectedButtonId, ...textOf(button.selectedDisplayText) };
  }
  const list = c.listResponseMessage;
  if (list?.singleSelectReply?.selectedRowId) {
    return { kind: 'choice', choiceId: list.singleSelectReply.selectedRowId, ...textOf(list.title) };
  }
  const template = c.templateButtonReplyMessage;
  if (template?.selectedId) {
    return { kind: 'choice', choiceId: template.selectedId, ...textOf(template.selectedDisplayText) };
  }
  const interactive = c.interactiveResponseMessage;
  const params = interactive?.nativeFlowResponseMessage?.paramsJson;
  if (params) {
    const id = idFromParams(params);
    if (id) return { kind: 'choice', choiceId: id, ...textOf(interactive?.body?.text) };
  }
  return undefined;
}

function idFromParams(paramsJson: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(paramsJson);
    if (parsed && typeof parsed === 'object' && 'id' in parsed) {
      const id = (parsed as { id: unknown }).id;
      if (typeof id === 'string' && id) return id;
      if (typeof id === 'number') return String(id);
    }
  } catch {
    // a reply we cannot read is not a choice
  }
  return undefined;
}

function readMedia(c: Content, ref: string): Body | undefined {
  const pick = (): [InboundMedia['kind'], proto.Message.IImageMessage & proto.Message.IDocumentMessage] | undefined => {
    if (c.imageMessage) return ['image', c.imageMessage];
    if (c.documentMessage) return ['document', c.documentMessage];
    if (c.videoMessage) return ['video', c.videoMessage];
    if (c.ptvMessage) return ['video', c.ptvMessage];
    if (c.audioMessage) return ['audio', c.audioMessage];
    if (c.stickerMessage) return ['sticker', c.stickerMessage];
    return undefined;
  };
  const found = pick();
  if (!found) return undefined;
  const [kind, m] = found;
  const media: InboundMedia = { kind, ref };
  if (m.mimetype) media.mimeType = m.mimetype;
  const size = toNumber(m.fileLength);
  if (size !== undefined) media.sizeBytes = size;
  if (kind === 'document' && m.fileName) media.fileName = m.fileName;
  // a voice note's length, for the transcription's cap (bot/engine/voice.ts)
  const seconds = kind === 'audio' ? toNumber(c.audioMessage?.seconds) : undefined;
  if (seconds !== undefined) media.durationSeconds = seconds;
  const caption = typeof m.caption === 'string' && m.caption.length > 0 ? m.caption : undefined;
  return { kind: 'media', media, ...(caption ? { text: caption } : {}) };
}

function unwrap(message: Content | null | undefined): Content | undefined {
  let current = message ?? undefined;
  // Containers can nest (a view-once message inside a disappearing one): a few levels are enough.
  for (let depth = 0; current && depth < 5; depth++) {
    const inner = CONTAINERS.map((name) => current?.[name]?.message).find((m) => m);
    if (!inner) return current;
    current = inner;
  }
  return current;
}

function senderOf(key: WAMessage['key'], remoteJid: string, lidToPhone?: LidToPhone): InboundMessage['sender'] {
  if (isPhoneJid(remoteJid)) {
    const jid = userJid(remoteJid);
    const phone = phoneOfJid(jid);
    return { externalId: jid, ...(phone ? { phone } : {}) };
  }
  const lid = userJid(remoteJid);
  const legacy = (key as { senderPn?: string | null }).senderPn;
  const candidates = [key.remoteJidAlt, legacy, lidToPhone?.(lid)];
  const phoneJid = candidates.find((j): j is string => isPhoneJid(j));
  if (!phoneJid) return { externalId: lid };
  const jid = userJid(phoneJid);
  const phone = phoneOfJid(jid);
  return { externalId: jid, ...(phone ? { phone } : {}) };
}

/** The phone of a shared contact card: the WhatsApp id (waid) when there is one, else the first TEL. */
export function phoneFromVcard(vcard: string | null | undefined): string | undefined {
  if (!vcard) return undefined;
  const waid = vcard.match(/waid=(\d{6,15})/i)?.[1];
  if (waid) return `+${waid}`;
  const tel = vcard.match(/^(?:item\d+\.)?TEL[^:\n]*:(.+)$/im)?.[1];
  return tel ? toE164(tel.trim()) : undefined;
}

/** Protobuf longs arrive as numbers, strings (JSON) or { low, high } objects. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  if (value && typeof value === 'object' && 'low' in value && 'high' in value) {
    const { low, high } = value as { low: number; high: number };
    return (high >>> 0) * 2 ** 32 + (low >>> 0);
  }
  return undefined;
}

function isoFromSeconds(value: unknown): string | undefined {
  const seconds = toNumber(value);
  if (!seconds) return undefined;
  return new Date(seconds * 1000).toISOString();
}

function textOf(text: string | null | undefined): { text?: string } {
  return text ? { text } : {};
}
