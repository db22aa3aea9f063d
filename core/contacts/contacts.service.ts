// Contacts: the people who write to an office on a channel (members, homeowners, clients), and the
// link between a chat and the CRM's customer. The engine identifies the sender through identify();
// features link a homeowner or client to their customer through customerFor(), one rule for all.
import type { CustomersService } from '../customers/customers.service.ts';
import type { CustomerCategory, CustomerStatus } from '../customers/customers.types.ts';
import { type DbTx, sql } from '../db/client.ts';
import { systemClock } from '../shared/clock.ts';
import type { Scope } from '../shared/scope.ts';
import type { AccessRow } from '../teams/teams.service.ts';
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
  /** the customer customerFor() linked him to in this turn: the name the office keeps, his broker */
  customer?: { name: string; assignedToId: string | null };
}

/** A conversation as stored: the dialog state of the last turn and when a waiting dialog expires. */
export interface StoredConversation {
  state: unknown;
  expiresAt: Date | null;
}

export function createContactsService({ db, customers }: { db: DbTx; customers: CustomersService }) {
  return {
    // the conversations log, read-only (admin API): chats and their messages
    ...createConversationsQueries({ db }),

    /**
     * The sender of a message, created on first contact (phone and display name kept current), with
     * his conversation's stored dialog state and, when his phone is a user's of the office, that user's
     * row of member_access (teams.personOf reads it): one statement, as every turn begins with it.
     */
    async identify(
      scope: Scope,
      input: { channelAccountId: string; externalId: string; phone?: string; displayName?: string; at: Date },
    ): Promise<ContactRow & { conversation: StoredConversation | null; access: AccessRow | null }> {
      const displayName = input.displayName?.slice(0, 200) || null;
      const [row] = await sql(db)<{
        id: string;
        phone: string | null;
        display_name: string | null;
        language: string | null;
        role: ContactRole;
        user_id: string | null;
        customer_id: string | null;
        has_conversation: boolean;
        state: unknown;
        expires_at: Date | null;
        access: AccessRow | null;
      }>`
        WITH c AS (
          INSERT INTO contacts (organization_id, channel_account_id, external_id, phone, display_name, last_inbound_at, updated_at)
          VALUES (${scope.organizationId}::uuid, ${input.channelAccountId}::uuid, ${input.externalId},
            ${input.phone ?? null}, ${displayName}, ${input.at}::timestamptz, ${systemClock.now()}::timestamptz)
          ON CONFLICT (channel_account_id, external_id) DO UPDATE SET
            last_inbound_at = EXCLUDED.last_inbound_at,
            phone = COALESCE(EXCLUDED.phone, contacts.phone),
            display_name = COALESCE(EXCLUDED.display_name, contacts.display_name),
            updated_at = EXCLUDED.updated_at
          RETURNING id, phone, display_name, language, role, user_id, customer_id
        )
        SELECT c.id::text AS id, c.phone, c.display_name, c.language, c.role::text AS role,
          c.user_id::text AS user_id, c.customer_id::text AS customer_id,
          v.id IS NOT NULL AS has_conversation, v.state, v.expires_at,
          (SELECT row_to_json(a) FROM member_access a
            WHERE a.organization_id = ${scope.organizationId}::uuid AND a.phone = c.phone) AS access
        FROM c LEFT JOIN conversations v ON v.contact_id = c.id`;
      if (!row) throw new Error('identify: the contact was not written');
      return {
        id: row.id,
        phone: row.phone,
        displayName: row.display_name,
        language: row.language,
        role: row.role,
        userId: row.user_id,
        customerId: row.customer_id,
        conversation: row.has_conversation ? { state: row.state, expiresAt: row.expires_at } : null,
        access: row.access,
      };
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
      // sql(): a new client's or homeowner's first message asks it
      await sql(db)`
        UPDATE contacts SET role = ${role}::contact_role, updated_at = ${systemClock.now()}::timestamptz
        WHERE id = ${contactId}::uuid AND organization_id = ${scope.organizationId}::uuid
          AND (NOT ${options.unknownOnly === true}::boolean OR role = 'unknown')`;
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
      // The customer with his phone, or a new one: create() finds the first (DUPLICATE_PHONE names him),
      // so the usual case is one read and one write. A lead create() refuses for another reason (its
      // name) still finds the customer his phone already is.
      const created = await customers.create(scope, {
        name: lead.name,
        phone: contact.phone ?? undefined,
        category: lead.category,
        source: lead.source,
        ...(lead.status ? { status: lead.status } : {}),
        ...(lead.assignedToId ? { assignedToId: lead.assignedToId } : {}),
      });
      // Refused (his phone is a customer's already, DUPLICATE_PHONE): that customer, by name too, so that
      // the broker is told of «أحمد» and not of a number he saved under that name.
      const customer = created.ok
        ? created.value
        : contact.phone
          ? await customers.findByPhone(scope, contact.phone)
          : null;
      if (!customer) return null;
      const customerId = customer.id;
      const keepRole = lead.keepKnownRole && contact.role !== 'unknown';
      await sql(db)`
        UPDATE contacts SET customer_id = ${customerId}::uuid, role = COALESCE(${keepRole ? null : lead.role}::contact_role, role),
          updated_at = ${systemClock.now()}::timestamptz
        WHERE id = ${contact.id}::uuid AND organization_id = ${scope.organizationId}::uuid`;
      contact.customerId = customerId;
      contact.customer = { name: customer.name, assignedToId: customer.assignedToId };
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
