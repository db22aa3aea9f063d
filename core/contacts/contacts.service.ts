// Contacts: the people who write to an office on a channel (members, homeowners, clients), and the
// link between a chat and the CRM's customer. The engine identifies the sender through identify();
// features link a homeowner or client to their customer through customerFor(), one rule for all.
import type { CustomersService } from '../customers/customers.service.ts';
import type { CustomerCategory, CustomerStatus } from '../customers/customers.types.ts';
import type { DbTx } from '../db/client.ts';
import type { Scope } from '../shared/scope.ts';
import { createConversationsQueries } from './conversations.queries.ts';

export type ContactRole = 'unknown' | 'owner' | 'client' | 'broker';

export interface ContactRow {
  id: string;
  phone: string | null;
  displayName: string | null;
  language: string | null;
  role: ContactRole;
  userId: string | null;
  customerId: string | null;
}

const SELECT = {
  id: true,
  phone: true,
  displayName: true,
  language: true,
  role: true,
  userId: true,
  customerId: true,
} as const;

export function createContactsService({ db, customers }: { db: DbTx; customers: CustomersService }) {
  return {
    // the conversations log, read-only (admin API): chats and their messages
    ...createConversationsQueries({ db }),

    /** The sender of a message, created on first contact; phone and display name kept current. */
    async identify(
      scope: Scope,
      input: { channelAccountId: string; externalId: string; phone?: string; displayName?: string; at: Date },
    ): Promise<ContactRow> {
      const displayName = input.displayName?.slice(0, 200);
      return db.contact.upsert({
        where: {
          channelAccountId_externalId: { channelAccountId: input.channelAccountId, externalId: input.externalId },
        },
        create: {
          organizationId: scope.organizationId,
          channelAccountId: input.channelAccountId,
          externalId: input.externalId,
          phone: input.phone,
          displayName,
          lastInboundAt: input.at,
        },
        update: {
          lastInboundAt: input.at,
          ...(input.phone ? { phone: input.phone } : {}),
          ...(displayName ? { displayName } : {}),
        },
        select: SELECT,
      });
    },

    /** The contact is this member (his phone is a user of the office). */
    async linkMember(scope: Scope, contactId: string, userId: string): Promise<void> {
      await db.contact.updateMany({
        where: { id: contactId, organizationId: scope.organizationId },
        data: { userId, role: 'broker' },
      });
    },

    async setLanguage(scope: Scope, contactId: string, language: 'ar' | 'en'): Promise<void> {
      await db.contact.updateMany({
        where: { id: contactId, organizationId: scope.organizationId },
        data: { language },
      });
    },

    /** Records what the contact is to the office (a homeowner, a client); `unknownOnly` keeps a known role. */
    async setRole(
      scope: Scope,
      contactId: string,
      role: Exclude<ContactRole, 'broker'>,
      options: { unknownOnly?: boolean } = {},
    ): Promise<void> {
      await db.contact.updateMany({
        where: {
          id: contactId,
          organizationId: scope.organizationId,
          ...(options.unknownOnly ? { role: 'unknown' as const } : {}),
        },
        data: { role },
      });
    },

    /**
     * The contact's customer in the office: the one his chat is linked to, else one with his phone,
     * else a new lead of the broker in `scope`. The chat is linked to it (and the contact given
     * `role`, unless `keepKnownRole` and he has one). Null when no customer can be made.
     */
    async customerFor(
      scope: Scope,
      contact: ContactRow,
      lead: {
        name: string;
        category: CustomerCategory;
        source: string;
        status?: CustomerStatus;
        assignedToId?: string;
        role: Exclude<ContactRole, 'broker' | 'unknown'>;
        keepKnownRole?: boolean;
      },
    ): Promise<string | null> {
      if (contact.customerId) return contact.customerId;
      const existing = contact.phone ? await customers.findByPhone(scope, contact.phone) : null;
      let customerId = existing?.id ?? null;
      if (!customerId) {
        const created = await customers.create(scope, {
          name: lead.name,
          phone: contact.phone ?? undefined,
          category: lead.category,
          source: lead.source,
          ...(lead.status ? { status: lead.status } : {}),
          ...(lead.assignedToId ? { assignedToId: lead.assignedToId } : {}),
        });
        customerId = created.ok
          ? created.value.id
          : ((created.error.details?.existingId as string | undefined) ?? null);
      }
      if (!customerId) return null;
      const keepRole = lead.keepKnownRole && contact.role !== 'unknown';
      await db.contact.updateMany({
        where: { id: contact.id, organizationId: scope.organizationId },
        data: { customerId, ...(keepRole ? {} : { role: lead.role }) },
      });
      contact.customerId = customerId;
      return customerId;
    },

    /** The contacts of the office linked to this customer (a client's chats). */
    async ofCustomer(scope: Scope, customerId: string) {
      return db.contact.findMany({
        where: { organizationId: scope.organizationId, customerId },
        orderBy: { lastInboundAt: { sort: 'desc', nulls: 'last' } },
        select: { id: true, channelAccountId: true, externalId: true, language: true },
      });
    },
  };
}

export type ContactsService = ReturnType<typeof createContactsService>;
