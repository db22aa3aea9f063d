// /conversations: the chats of the office with Nova (one per contact: a member, a homeowner, a client,
// someone unknown) and their messages, inbound and outbound: a read-only log. Core decides who reads
// which chat and masks the phone numbers the reader may not read, in the messages too
// (core/contacts/conversations.queries.ts).
import type { ConversationView, MessageView } from '../../../core/contacts/conversations.queries.ts';
import { CONVERSATION_SORTS, MESSAGE_SORT } from '../../../core/contacts/conversations.queries.ts';
import { answer, defineResource, failure, operation } from '../kit.ts';
import { csv, IdParams, iso, isoOrNull, pageOf, pageQuery, sortQuery, Timestamp, z } from '../schemas.ts';

const ROLES = ['unknown', 'broker', 'owner', 'client'] as const;
const KINDS = ['whatsapp_web', 'whatsapp_cloud', 'telegram', 'web', 'console', 'memory'] as const;
const Person = z.object({ id: z.uuid(), name: z.string() });

const Conversation = z
  .object({
    id: z.uuid().openapi({ description: "the contact's id" }),
    channelAccountId: z.uuid(),
    channelKind: z.enum(KINDS),
    role: z.enum(ROLES).openapi({ description: 'broker: a member; owner: a homeowner; client: a seeker' }),
    phone: z
      .string()
      .nullable()
      .openapi({ description: 'in full for the member himself, his broker and managers; masked otherwise' }),
    displayName: z.string().nullable(),
    language: z.string().nullable(),
    member: Person.nullable(),
    customer: Person.nullable(),
    activeDialog: z.string().nullable().openapi({ description: 'the question Nova waits an answer to, if any' }),
    dialogExpiresAt: Timestamp.nullable(),
    lastInboundAt: Timestamp.nullable(),
    lastMessageAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Conversation');

const conversationJson = (c: ConversationView) => ({
  ...c,
  dialogExpiresAt: isoOrNull(c.dialogExpiresAt),
  lastInboundAt: isoOrNull(c.lastInboundAt),
  lastMessageAt: isoOrNull(c.lastMessageAt),
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
});

const Message = z
  .object({
    id: z.uuid(),
    direction: z.enum(['inbound', 'outbound']),
    at: Timestamp.openapi({ description: 'received (inbound) or written (outbound)' }),
    status: z.string(),
    kind: z.string().openapi({ description: 'text, choice, media, location, contact, unsupported' }),
    text: z.string().nullable().openapi({ description: 'phone numbers in it masked unless you may read them' }),
    choiceId: z.string().nullable(),
    choices: z.array(z.string()).nullable().openapi({ description: 'the buttons Nova offered' }),
    media: z.object({ kind: z.string(), mimeType: z.string().nullable(), fileName: z.string().nullable() }).nullable(),
    location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().nullable() }).nullable(),
    sharedContact: z.object({ phone: z.string(), name: z.string().nullable() }).nullable(),
    sentAt: Timestamp.nullable(),
  })
  .openapi('Message');

const messageJson = (m: MessageView) => ({ ...m, at: iso(m.at), sentAt: isoOrNull(m.sentAt) });

const ListQuery = z.object({
  ...pageQuery,
  sort: sortQuery(['createdAt', 'updatedAt'] as const, '-updatedAt'),
  role: csv(z.enum(ROLES)).optional().openapi({ description: 'comma-separated' }),
  channelAccountId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  memberId: z.uuid().optional().openapi({ description: "a member's own chats" }),
});

const MessagesQuery = z.object({
  ...pageQuery,
  sort: sortQuery(['at'] as const, '-at').openapi({ description: 'at: oldest first; -at: latest first (default)' }),
  direction: z.enum(['inbound', 'outbound']).optional().openapi({ description: 'default: both' }),
});

export const conversationsResource = defineResource(
  'conversations',
  "The office's chats with Nova and their messages: a read-only log.",
  [
    operation({
      operationId: 'listConversations',
      method: 'get',
      path: '/conversations',
      summary: 'List conversations',
      description:
        'The chats you read: your own; those of the homeowners and clients whose customer you see; every chat ' +
        'for managers. Most recently active first by default.',
      query: ListQuery,
      success: {
        status: 200,
        description: 'a page of conversations',
        schema: pageOf(Conversation, 'ConversationPage'),
      },
      handler: async ({ core, scope, query, pageRequest, pageAnswer }) => {
        const req = pageRequest(query, CONVERSATION_SORTS);
        const page = await core.contacts.conversationPage(
          scope,
          {
            role: query.role,
            channelAccountId: query.channelAccountId,
            customerId: query.customerId,
            memberId: query.memberId,
          },
          req,
        );
        return pageAnswer(query, page, conversationJson);
      },
    }),
    operation({
      operationId: 'getConversation',
      method: 'get',
      path: '/conversations/{id}',
      summary: 'Get a conversation',
      params: IdParams,
      success: { status: 200, description: 'the conversation', schema: Conversation },
      errors: ['CONVERSATION.NOT_FOUND'],
      handler: async ({ core, scope, params }) => {
        const found = await core.contacts.conversation(scope, params.id);
        return found ? answer(conversationJson(found)) : failure('CONVERSATION.NOT_FOUND');
      },
    }),
    operation({
      operationId: 'listConversationMessages',
      method: 'get',
      path: '/conversations/{id}/messages',
      summary: "A conversation's messages",
      description: 'Inbound and outbound, in the order they happened; latest first by default.',
      params: IdParams,
      query: MessagesQuery,
      success: { status: 200, description: 'a page of messages', schema: pageOf(Message, 'MessagePage') },
      errors: ['CONVERSATION.NOT_FOUND'],
      handler: async ({ core, scope, params, query, pageRequest, pageAnswer }) => {
        const req = pageRequest(query, { at: MESSAGE_SORT });
        const page = await core.contacts.messagePage(scope, params.id, { direction: query.direction }, req);
        return page ? pageAnswer(query, page, messageJson) : failure('CONVERSATION.NOT_FOUND');
      },
    }),
  ],
);
