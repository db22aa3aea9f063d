// What a turn knows and can do. Built by the turn runner over one database transaction: everything
// the handlers change, the replies they write and the new dialog state commit together.
import type { ContactRole, ContactRow } from '../../core/contacts/contacts.service.ts';
import type { Core } from '../../core/core.ts';
import type { DbTx } from '../../core/db/client.ts';
import type { Logger } from '../../core/shared/logger.ts';
import type { Member } from '../../core/teams/teams.service.ts';
import type { ParseResult } from '../language/index.ts';
import type { Media } from '../media.ts';
import type { Lang } from '../render/format.ts';
import type { ChannelKind, InboundMessage, OutboundMessage } from '../types.ts';
import type { AccountInfo } from './account-cache.ts';

export type { ContactRole };

export type Actor =
  | { kind: 'member'; member: Member }
  | { kind: 'contact'; role: ContactRole; customerId: string | null };

/** How long a dialog waits for its answer; after that the next message is read afresh. */
export const DIALOG_TTL_MS = 24 * 60 * 60 * 1000;

/** A dialog in progress: plain JSON, versioned so that a deploy can drop states it no longer reads. */
export interface DialogState {
  name: string;
  v: number;
  step: string;
  data: Record<string, unknown>;
  /** the last question the dialog asked, kept by the engine to ask it again when the dialog resumes */
  ask?: OutboundMessage;
}

/**
 * A dialog set aside because the user sent another command while it waited (docs/conversation-engine.md,
 * "Dialog policy"): offered back once, resumed on "yes/continue", dropped on anything else or at `until`.
 */
export interface ParkedDialog {
  dialog: DialogState;
  /** ISO instant after which it is forgotten (the dialog's own timeout) */
  until: string;
  /** what the user was doing, for the offer to go back ("تضيف عقار الصحافة") */
  about?: { ar: string; en: string };
  offered?: boolean;
}

/** The last numbered list shown, so that a bare "2" picks its second item. */
export interface ListState {
  kind: string;
  ids: string[];
}

export interface ConversationState {
  dialog?: DialogState;
  list?: ListState;
  /** ids of the choices offered by the last reply: a typed "2" or "نعم" picks one */
  choices?: string[];
  /** the labels of those choices, in the same order: typing a label (or a close variant) picks it */
  choiceLabels?: string[];
  /** a dialog interrupted by another command, waiting to be offered back */
  parked?: ParkedDialog;
  /** Telegram: the share-my-number button was offered once already */
  askedForPhone?: boolean;
  /** a write only the model understood, waiting for the user's yes (bot/engine/understood.ts reads it) */
  understood?: unknown;
  /**
   * the request a client filed last and when (ISO): his next message may add to it (request.amend.ts);
   * `who`, how its broker was told who he is (the office's name for him when he is a customer already)
   */
  lastRequest?: { id: string; at: string; who?: string };
  /**
   * the customer a member added, opened or updated last, and when (ISO): «ذكرني اتصل عليه» right after
   * means him (bot/features/tasks/referent.ts)
   */
  lastCustomer?: { id: string; name: string; at: string };
  /** the task a member set last in this chat, and when (ISO): «لا خليه ٨» right after moves it (tasks.snooze.ts) */
  lastTask?: { id: string; at: string };
  /** the deal a member recorded last, and when (ISO): "whats my cut on that" right after asks its commission (deals) */
  lastDeal?: { amount: number; commission: number; at: string };
  /** the viewing booked last in this chat, and when (ISO): «خليها ٦» right after moves it (viewings.manage.ts) */
  lastAppointment?: { id: string; at: string };
  /**
   * what a client searched for last (deal, type, place) and when (ISO): "my budget is 50k" next adds to
   * it instead of asking again (bot/features/requests/requests.handlers.ts)
   */
  lastSearch?: {
    listingType?: string;
    propertyType?: string;
    city?: string;
    district?: string;
    moreDistricts?: string[];
    at: string;
  };
}

/** The sender's contact row, as core/contacts gives it. */
export type ContactInfo = ContactRow;

export interface TurnContext {
  inboundId: string;
  inbound: InboundMessage;
  organizationId: string;
  channel: { accountId: string; kind: ChannelKind };
  contact: ContactInfo;
  actor: Actor;
  /** the sender's language for this turn: Arabic unless they write English */
  lang: Lang;
  tz: string;
  /** the office's city, when it has one: "حي النرجس" there needs no "which city?" */
  officeCity?: string;
  now: Date;
  core: Core;
  logger: Logger;
  state: ConversationState;
  /** the message text, trimmed and capped; '' for media without caption */
  text: string;
  parsed?: ParseResult;
  /** who read `parsed`: the offline parser (unset), or the model, confirmed by the user when it writes */
  parsedBy?: 'model';
  /** the id of the choice the user picked this turn (a button, or a number typed after choices) */
  choice?: string;
  /** how the choice was made when it was typed rather than pressed: a number, a label, or yes/no/cancel words */
  choiceTyped?: 'number' | 'label' | 'word';
  offeredChoices?: string[];
  offeredLabels?: string[];
  replies: OutboundMessage[];
  reply(message: OutboundMessage | string): void;
  /** messages to other chats (a broker told of a new listing, an owner of a status change) */
  notices: Notice[];
  notify(notice: Notice): void;
  media: Media;
  /** public base URL for links to stored files (photos), when configured */
  publicBaseUrl?: string;
}

export interface Notice {
  /** null when Nova writes to a number that has not written to it yet */
  contactId: string | null;
  channelAccountId: string;
  chatId: string;
  message: OutboundMessage;
  /** the member told, when it is one: the notice is also kept in his notifications (notify()) */
  userId?: string | null;
}

export const isMember = (actor: Actor): actor is Extract<Actor, { kind: 'member' }> => actor.kind === 'member';

/**
 * The turn as the engine's own middleware sees it (identify the actor, load the state): with the
 * transaction for the engine's tables. Features get a TurnContext, which has no database: they call
 * core.
 */
export type EngineTurn = TurnContext & {
  db: DbTx;
  /** the channel account's office, kind and time zone, cached in the process (account-cache.ts) */
  account(id: string): Promise<AccountInfo | null>;
};

/**
 * A turn's context with its reply and notice collectors: a reply that offers choices remembers their
 * ids in the state, so that a typed "2" or "نعم" picks one next turn.
 */
export function newTurnContext<C extends TurnContext = TurnContext>(
  fields: Omit<C, 'replies' | 'reply' | 'notices' | 'notify'>,
): C {
  const replies: OutboundMessage[] = [];
  const notices: Notice[] = [];
  const ctx = {
    ...fields,
    replies,
    reply(message: OutboundMessage | string) {
      const out = typeof message === 'string' ? { text: message } : message;
      replies.push(out);
      if (out.choices?.length) {
        ctx.state.choices = out.choices.map((c) => c.id);
        ctx.state.choiceLabels = out.choices.map((c) => c.label);
      }
    },
    notices,
    notify(notice: Notice) {
      notices.push(notice);
    },
  } as C;
  return ctx;
}
