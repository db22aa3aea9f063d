// The conversations log, read-only (the admin API): the office's chats (one per contact: a member, a
// homeowner, a client, someone unknown) and the messages of one, inbound and outbound, in the order
// they happened. Privacy as everywhere in core (core/teams/privacy.ts): a member reads with crm.view
//   - his own chat with Nova; the other members' chats only when he sees the whole office;
//   - the chat of a homeowner or client whose customer he sees (his own, his team's, or nobody's);
//   - a chat linked to nobody only when he sees the whole office;
// and phone numbers (the contact's, and every number written in the messages) in full only when he may
// read that contact's phone: the member himself, the customer's broker, the office's managers.
import { type ChannelKind, type ContactRole, type DbTx, Prisma } from '../db/client.ts';
import {
  inOrder,
  type KeysetPosition,
  keyExpr,
  keysetAfter,
  keysetOrder,
  type Page,
  type PageRequest,
  type SortColumn,
  type SortDirection,
  toPage,
} from '../shared/keyset.ts';
import type { Scope } from '../shared/scope.ts';
import { andAll, textList, uuidList } from '../shared/sql-filters.ts';
import { authorize, visibleUsers } from '../teams/authorize.ts';
import { maskPhonesInText, maySeePhone, shownPhone } from '../teams/privacy.ts';

/** A chat of another office, or one the member does not read: not found, like a random id. */
export type ConversationErrorCode = 'CONVERSATION.NOT_FOUND';

export const CONVERSATION_SORTS = {
  createdAt: { column: 'created_at', kind: 'timestamp' },
  /** the contact's last change (his last message, mostly); a chat that moves moves in the list */
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
} as const satisfies Record<string, SortColumn>;
export type ConversationSort = keyof typeof CONVERSATION_SORTS;

/**
 * Messages sort on one text key: the instant (microseconds, zero-padded), then inbound before outbound,
 * then the table's own sequence (the replies of one turn share their instant). Compared byte-wise.
 */
export const MESSAGE_SORT = { column: 'k', kind: 'text' } as const satisfies SortColumn;

export interface ConversationFilter {
  role?: ContactRole[];
  channelAccountId?: string;
  customerId?: string;
  /** a member's own chats */
  memberId?: string;
}

export interface ConversationView {
  /** the contact's id: the conversation's */
  id: string;
  channelAccountId: string;
  channelKind: ChannelKind;
  role: ContactRole;
  /** in full or masked, as the reader may read it */
  phone: string | null;
  displayName: string | null;
  language: string | null;
  member: { id: string; name: string } | null;
  customer: { id: string; name: string } | null;
  /** the dialog waiting for an answer (its name), if any */
  activeDialog: string | null;
  dialogExpiresAt: Date | null;
  lastInboundAt: Date | null;
  lastMessageAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface MessageView {
  id: string;
  direction: 'inbound' | 'outbound';
  /** received (inbound) or written (outbound) */
  at: Date;
  /** inbound: received, processing, processed, failed, ignored; outbound: pending, sending, sent, failed, cancelled */
  status: string;
  kind: string;
  text: string | null;
  /** the button or list item picked (inbound) */
  choiceId: string | null;
  /** the buttons offered (outbound), their labels */
  choices: string[] | null;
  media: { kind: string; mimeType: string | null; fileName: string | null } | null;
  location: { latitude: number; longitude: number; name: string | null } | null;
  /** a contact card sent in (inbound) */
  sharedContact: { phone: string; name: string | null } | null;
  sentAt: Date | null;
}

const CONTACT_SELECT = {
  id: true,
  channelAccountId: true,
  externalId: true,
  phone: true,
  displayName: true,
  language: true,
  role: true,
  userId: true,
  customerId: true,
  lastInboundAt: true,
  createdAt: true,
  updatedAt: true,
  channelAccount: { select: { kind: true } },
  user: { select: { id: true, name: true } },
  customer: { select: { id: true, name: true, assignedToId: true } },
  conversation: { select: { state: true, expiresAt: true, lastMessageAt: true } },
} as const;

type ContactRow = Prisma.ContactGetPayload<{ select: typeof CONTACT_SELECT }>;

/** The member whose phones a contact's chat shows: the member himself, or the customer's broker. */
const brokerOf = (c: Pick<ContactRow, 'userId' | 'customer'>) => c.userId ?? c.customer?.assignedToId ?? null;

interface Payload {
  kind?: unknown;
  text?: unknown;
  choiceId?: unknown;
  choices?: unknown;
  media?: { kind?: unknown; mimeType?: unknown; fileName?: unknown } | null;
  location?: { latitude?: unknown; longitude?: unknown; name?: unknown } | null;
  contact?: { phone?: unknown; name?: unknown } | null;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

export function createConversationsQueries({ db }: { db: DbTx }) {
  /** The SQL condition on contacts `c` for the chats the scope reads; undefined: all of the office's. */
  function visibleSql(scope: Scope): Prisma.Sql | undefined {
    const visible = visibleUsers(scope);
    if (visible === 'all') return undefined;
    return Prisma.sql`(c.user_id = ${scope.userId ?? null}::uuid OR (c.user_id IS NULL AND c.customer_id IN (
      SELECT cu.id FROM customers cu WHERE cu.organization_id = c.organization_id
        AND (cu.assigned_to_id IN ${uuidList(visible)} OR cu.assigned_to_id IS NULL))))`;
  }

  /** Whether the scope reads this contact's chat (the same rule as visibleSql, for one row). */
  function reads(scope: Scope, c: Pick<ContactRow, 'userId' | 'customerId' | 'customer'>): boolean {
    const visible = visibleUsers(scope);
    if (visible === 'all') return true;
    if (c.userId) return c.userId === scope.userId;
    if (!c.customer) return false;
    return c.customer.assignedToId === null || visible.includes(c.customer.assignedToId);
  }

  function view(scope: Scope, c: ContactRow): ConversationView {
    const state = c.conversation?.state as { name?: unknown } | null | undefined;
    const expires = c.conversation?.expiresAt ?? null;
    return {
      id: c.id,
      channelAccountId: c.channelAccountId,
      channelKind: c.channelAccount.kind,
      role: c.role,
      phone: shownPhone(scope, c.phone, [brokerOf(c)]),
      displayName: c.displayName,
      language: c.language,
      member: c.user,
      customer: c.customer ? { id: c.customer.id, name: c.customer.name } : null,
      activeDialog: typeof state?.name === 'string' ? state.name : null,
      dialogExpiresAt: expires,
      lastInboundAt: c.lastInboundAt,
      lastMessageAt: c.conversation?.lastMessageAt ?? null,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }

  async function findReadable(scope: Scope, contactId: string): Promise<ContactRow | null> {
    authorize(scope, 'crm', 'view', 'conversation.read');
    const c = await db.contact.findFirst({
      where: { id: contactId, organizationId: scope.organizationId },
      select: CONTACT_SELECT,
    });
    return c && reads(scope, c) ? c : null;
  }

  function message(direction: 'inbound' | 'outbound', row: MessageRow, full: boolean): MessageView {
    const p = (row.payload ?? {}) as Payload;
    const mask = (text: string | null) => (text === null || full ? text : maskPhonesInText(text));
    const media = p.media && typeof p.media === 'object' ? p.media : null;
    const location =
      p.location && typeof p.location.latitude === 'number' && typeof p.location.longitude === 'number'
        ? { latitude: p.location.latitude, longitude: p.location.longitude, name: mask(str(p.location.name)) }
        : null;
    const shared = p.contact && typeof p.contact.phone === 'string' ? p.contact : null;
    const choices = Array.isArray(p.choices)
      ? p.choices.flatMap((x) => (typeof x?.label === 'string' ? [mask(x.label)!] : []))
      : null;
    return {
      id: row.id,
      direction,
      at: row.at,
      status: row.status,
      kind: str(p.kind) ?? (media ? 'media' : location ? 'location' : 'text'),
      text: mask(str(p.text)),
      choiceId: direction === 'inbound' ? str(p.choiceId) : null,
      choices: direction === 'outbound' ? choices : null,
      media: media
        ? { kind: str(media.kind) ?? 'document', mimeType: str(media.mimeType), fileName: str(media.fileName) }
        : null,
      location,
      sharedContact: shared
        ? { phone: full ? String(shared.phone) : maskPhonesInText(String(shared.phone)), name: str(shared.name) }
        : null,
      sentAt: row.sentAt,
    };
  }

  return {
    /** One page of the chats the scope reads, page's order then id. */
    async conversationPage(
      scope: Scope,
      filter: ConversationFilter,
      page: PageRequest<ConversationSort>,
    ): Promise<Page<ConversationView>> {
      authorize(scope, 'crm', 'view', 'conversation.read');
      const sort = CONVERSATION_SORTS[page.sort];
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT c.id::text AS id, ${keyExpr(sort, 'c')} AS k
        FROM contacts c
        WHERE c.organization_id = ${scope.organizationId}::uuid${andAll([
          visibleSql(scope),
          filter.role?.length && Prisma.sql`c.role::text IN ${textList(filter.role)}`,
          filter.channelAccountId && Prisma.sql`c.channel_account_id = ${filter.channelAccountId}::uuid`,
          filter.customerId && Prisma.sql`c.customer_id = ${filter.customerId}::uuid`,
          filter.memberId && Prisma.sql`c.user_id = ${filter.memberId}::uuid`,
        ])}${keysetAfter(sort, page.direction, 'c', page.after)}
        ${keysetOrder(sort, page.direction, 'c')}
        LIMIT ${page.limit + 1}`;
      const { items, next } = toPage(keys, page.limit);
      const ids = items.map((k) => k.id);
      const rows = await db.contact.findMany({
        where: { id: { in: ids }, organizationId: scope.organizationId },
        select: CONTACT_SELECT,
      });
      return { items: inOrder(ids, rows).map((c) => view(scope, c)), next };
    },

    /** One chat the scope reads, or null (another office's, or one it does not read). */
    async conversation(scope: Scope, contactId: string): Promise<ConversationView | null> {
      const c = await findReadable(scope, contactId);
      return c && view(scope, c);
    },

    /**
     * One page of the messages of a chat the scope reads, inbound and outbound merged in the order they
     * happened (`direction: 'desc'` for the latest first); null when it does not read that chat.
     */
    async messagePage(
      scope: Scope,
      contactId: string,
      filter: { direction?: 'inbound' | 'outbound' },
      page: { limit: number; direction: SortDirection; after?: KeysetPosition },
    ): Promise<Page<MessageView> | null> {
      const c = await findReadable(scope, contactId);
      if (!c) return null;
      const org = scope.organizationId;
      const micros = (col: string) =>
        Prisma.raw(`lpad(((extract(epoch from ${col}) * 1000000)::bigint)::text, 20, '0')`);
      const inbound = Prisma.sql`
        SELECT i.id::text AS id, ${micros('i.received_at')} || ':0:' || lpad(i.seq::text, 20, '0') AS k
        FROM inbound_messages i
        WHERE i.organization_id = ${org}::uuid AND i.channel_account_id = ${c.channelAccountId}::uuid
          AND i.chat_id = ${c.externalId}`;
      const outbound = Prisma.sql`
        SELECT o.id::text AS id, ${micros('o.created_at')} || ':1:' || lpad(o.seq::text, 20, '0') AS k
        FROM outbound_messages o
        WHERE o.organization_id = ${org}::uuid AND (o.contact_id = ${c.id}::uuid
          OR (o.channel_account_id = ${c.channelAccountId}::uuid AND o.chat_id = ${c.externalId}))`;
      const union =
        filter.direction === 'inbound'
          ? inbound
          : filter.direction === 'outbound'
            ? outbound
            : Prisma.sql`${inbound} UNION ALL ${outbound}`;
      const desc = page.direction === 'desc';
      const after = page.after
        ? Prisma.sql`WHERE m.k COLLATE "C" ${Prisma.raw(desc ? '<' : '>')} ${String(page.after.value)}`
        : Prisma.empty;
      const keys = await db.$queryRaw<Array<{ id: string; k: string }>>`
        SELECT m.id, m.k FROM (${union}) m ${after}
        ORDER BY m.k COLLATE "C" ${Prisma.raw(desc ? 'DESC' : 'ASC')}
        LIMIT ${page.limit + 1}`;
      const { items, next } = toPage(keys, page.limit);
      const inIds = items.filter((k) => k.k.charAt(21) === '0').map((k) => k.id);
      const outIds = items.filter((k) => k.k.charAt(21) === '1').map((k) => k.id);
      const [ins, outs] = await Promise.all([
        inIds.length
          ? db.inboundMessage.findMany({
              where: { id: { in: inIds }, organizationId: org },
              select: { id: true, payload: true, status: true, receivedAt: true },
            })
          : [],
        outIds.length
          ? db.outboundMessage.findMany({
              where: { id: { in: outIds }, organizationId: org },
              select: { id: true, payload: true, status: true, createdAt: true, sentAt: true },
            })
          : [],
      ]);
      const full = maySeePhone(scope, [brokerOf(c)]);
      const byId = new Map<string, MessageView>([
        ...ins.map(
          (r) =>
            [
              r.id,
              message(
                'inbound',
                { id: r.id, payload: r.payload, status: r.status, at: r.receivedAt, sentAt: null },
                full,
              ),
            ] as const,
        ),
        ...outs.map(
          (r) =>
            [
              r.id,
              message(
                'outbound',
                { id: r.id, payload: r.payload, status: r.status, at: r.createdAt, sentAt: r.sentAt },
                full,
              ),
            ] as const,
        ),
      ]);
      return { items: items.flatMap((k) => byId.get(k.id) ?? []), next };
    },
  };
}

interface MessageRow {
  id: string;
  payload: unknown;
  status: string;
  at: Date;
  sentAt: Date | null;
}

export type ConversationsQueries = ReturnType<typeof createConversationsQueries>;
