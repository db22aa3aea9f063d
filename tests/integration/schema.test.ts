// The migrated schema: every model can be written and read back, and the database itself enforces
// the invariants the product relies on (no double booking, inbound dedupe).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG, sqlState } from '../../core/shared/errors.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const EXPECTED_TABLES = [
  'users',
  'otp_codes',
  'subscription_plans',
  'subscriptions',
  'subscription_invoices',
  'teams',
  'team_members',
  'permissions',
  'customers',
  'customer_activities',
  'customer_documents',
  'customer_interactions',
  'customer_followups',
  'properties',
  'property_images',
  'offers',
  'requests',
  'smart_matches',
  'appointments',
  'working_hours',
  'holidays',
  'tasks',
  'task_comments',
  'notifications',
  'analytics_events',
  'user_stats',
  'analytics_snapshots',
  'financial_stats',
  'sales',
  'payments',
  'commissions',
  'commission_tiers',
  'digital_cards',
  'card_scans',
  'card_analytics',
  'publishing_platforms',
  'platform_listings',
  'publishing_schedules',
  'organizations',
  'channel_accounts',
  'contacts',
  'conversations',
  'inbound_messages',
  'outbound_messages',
  'reminders',
  'audit_log',
];

describe('the migrated schema', () => {
  it('has the tables of the design documents under their SQL names', async () => {
    const rows = await t.db.$queryRawUnsafe<Array<{ table_name: string }>>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    const names = new Set(rows.map((r) => r.table_name));
    for (const table of EXPECTED_TABLES) expect(names, table).toContain(table);
  });

  it('writes and reads back a row of every model', async () => {
    const db = t.db;
    const org = await db.organization.create({ data: { name: 'مكتب', slug: 'schema-test' } });
    const organizationId = org.id;
    const user = await db.user.create({
      data: {
        organizationId,
        phone: '+966500000101',
        name: 'سعد',
        email: 'saad@schema.test',
        dndStart: '22:00',
        dndEnd: '07:00',
      },
    });
    const otp = await db.otpCode.create({
      data: { userId: user.id, target: user.phone, codeHash: 'h', expiresAt: new Date('2026-11-21T10:05:00Z') },
    });
    const plan = await db.subscriptionPlan.create({
      data: { code: 'pro', nameAr: 'احترافي', nameEn: 'Pro', price: 199 },
    });
    const sub = await db.subscription.create({
      data: { organizationId, userId: user.id, planId: plan.id, startsAt: new Date('2026-11-01T00:00:00Z') },
    });
    const invoice = await db.subscriptionInvoice.create({
      data: { organizationId, subscriptionId: sub.id, number: 'INV-1', amount: 199, vatAmount: 30 },
    });
    const team = await db.team.create({ data: { organizationId, name: 'الفريق', managerId: user.id } });
    const member = await db.teamMember.create({
      data: { organizationId, teamId: team.id, userId: user.id, role: 'manager' },
    });
    const permission = await db.permission.create({
      data: { organizationId, teamMemberId: member.id, module: 'crm', canCreate: true, canViewAll: true },
    });
    const customer = await db.customer.create({
      data: {
        organizationId,
        name: 'أحمد',
        searchName: 'احمد',
        phone: '+966551234567',
        budgetMax: 800_000,
        preferredCities: ['Riyadh'],
        preferredDistricts: ['الملقا'],
        propertyTypes: ['apartment'],
        tags: ['vip'],
        customFields: { source_campaign: 'x' },
      },
    });
    const activity = await db.customerActivity.create({
      data: { organizationId, customerId: customer.id, userId: user.id, type: 'note', description: 'يفكر' },
    });
    const document = await db.customerDocument.create({
      data: { organizationId, customerId: customer.id, name: 'هوية', storageKey: 'k/1' },
    });
    const interaction = await db.customerInteraction.create({
      data: { organizationId, customerId: customer.id, type: 'call', summary: 'مكالمة' },
    });
    const followup = await db.customerFollowup.create({
      data: { organizationId, customerId: customer.id, dueAt: new Date('2026-11-28T09:00:00Z') },
    });
    const property = await db.property.create({
      data: {
        organizationId,
        refNumber: 1,
        userId: user.id,
        title: 'فيلا',
        propertyType: 'villa',
        listingType: 'sale',
        city: 'Riyadh',
        district: 'النرجس',
        price: 2_300_000,
        area: 450,
        latitude: 24.84,
        longitude: 46.66,
        commissionPercent: 2.5,
        features: ['pool'],
        regaAdLicenseNumber: '7200000000',
      },
    });
    const image = await db.propertyImage.create({
      data: { organizationId, propertyId: property.id, storageKey: 'p/1.jpg', mimeType: 'image/jpeg', sizeBytes: 1000 },
    });
    const offer = await db.offer.create({
      data: {
        organizationId,
        userId: user.id,
        propertyId: property.id,
        propertyType: 'villa',
        listingType: 'sale',
        city: 'Riyadh',
        district: 'النرجس',
        price: 2_300_000,
        summary: { title: 'فيلا' },
        fullDetails: { owner: 'x' },
      },
    });
    const acceptance = await db.offerAcceptance.create({
      data: { offerId: offer.id, organizationId, brokerId: user.id },
    });
    const request = await db.request.create({
      data: {
        organizationId,
        customerId: customer.id,
        type: 'sale',
        propertyTypes: ['villa'],
        cities: ['Riyadh'],
        priceMax: 2_500_000,
        urgency: 'high',
      },
    });
    const match = await db.smartMatch.create({
      data: {
        organizationId,
        offerId: offer.id,
        requestId: request.id,
        brokerId: user.id,
        score: 85,
        matchedFeatures: [{ feature: 'city', points: 25 }],
      },
    });
    const neighbor = await db.districtNeighbor.create({
      data: { organizationId, city: 'Riyadh', district: 'النرجس', nearDistrict: 'الياسمين' },
    });
    const appointment = await db.appointment.create({
      data: {
        organizationId,
        userId: user.id,
        customerId: customer.id,
        propertyId: property.id,
        title: 'معاينة',
        startsAt: new Date('2026-11-22T13:00:00Z'),
        endsAt: new Date('2026-11-22T13:30:00Z'),
        durationMinutes: 30,
        reminders: [1440, 120],
      },
    });
    const hours = await db.workingHours.create({
      data: {
        organizationId,
        userId: user.id,
        weekday: 0,
        startTime: '09:00',
        endTime: '21:00',
        breakStart: '13:00',
        breakEnd: '16:00',
      },
    });
    const holiday = await db.holiday.create({
      data: { organizationId, userId: user.id, startDate: new Date('2026-12-01'), endDate: new Date('2026-12-05') },
    });
    const override = await db.availabilityOverride.create({
      data: { organizationId, userId: user.id, date: new Date('2026-12-10'), isClosed: true },
    });
    const task = await db.task.create({
      data: {
        organizationId,
        createdById: user.id,
        assignedToId: user.id,
        title: 'اتصل بأحمد',
        customerId: customer.id,
        appointmentId: appointment.id,
        dueAt: new Date('2026-11-22T13:00:00Z'),
        checklist: [{ text: 'x', done: false }],
      },
    });
    const comment = await db.taskComment.create({
      data: { organizationId, taskId: task.id, userId: user.id, body: 'تم' },
    });
    const notification = await db.notification.create({
      data: { organizationId, userId: user.id, title: 'فرصة', message: '٣ فرص جديدة', type: 'match' },
    });
    const event = await db.analyticsEvent.create({
      data: { organizationId, userId: user.id, eventType: 'customer.created' },
    });
    const stats = await db.userStats.create({
      data: { organizationId, userId: user.id, date: new Date('2026-11-21') },
    });
    const snapshot = await db.analyticsSnapshot.create({
      data: { organizationId, periodType: 'month', periodStart: new Date('2026-11-01'), metrics: { deals: 1 } },
    });
    const financial = await db.financialStats.create({
      data: {
        organizationId,
        periodStart: new Date('2026-11-01'),
        periodEnd: new Date('2026-11-30'),
        totalSales: 2_300_000,
      },
    });
    const sale = await db.sale.create({
      data: {
        organizationId,
        userId: user.id,
        customerId: customer.id,
        propertyId: property.id,
        amount: 2_300_000,
        closedAt: new Date(),
      },
    });
    const payment = await db.payment.create({ data: { organizationId, saleId: sale.id, amount: 57_500 } });
    const commission = await db.commission.create({
      data: { organizationId, saleId: sale.id, userId: user.id, rate: 2.5, amount: 57_500 },
    });
    const tier = await db.commissionTier.create({ data: { organizationId, minAmount: 0 } });
    const card = await db.digitalCard.create({ data: { organizationId, userId: user.id, slug: 'saad' } });
    const scan = await db.cardScan.create({ data: { cardId: card.id, source: 'qr' } });
    const cardStats = await db.cardAnalytics.create({
      data: { cardId: card.id, date: new Date('2026-11-21'), views: 3 },
    });
    const platform = await db.publishingPlatform.create({ data: { code: 'aqar', name: 'Aqar' } });
    const listing = await db.platformListing.create({
      data: { organizationId, propertyId: property.id, platformId: platform.id },
    });
    const schedule = await db.publishingSchedule.create({
      data: {
        organizationId,
        propertyId: property.id,
        platformId: platform.id,
        scheduledAt: new Date('2026-11-22T06:00:00Z'),
      },
    });
    const account = await db.channelAccount.create({
      data: { organizationId, kind: 'memory', externalId: 'schema-test' },
    });
    const contact = await db.contact.create({
      data: {
        organizationId,
        channelAccountId: account.id,
        externalId: '966551234567',
        phone: '+966551234567',
        customerId: customer.id,
      },
    });
    const conversation = await db.conversation.create({
      data: { organizationId, contactId: contact.id, state: { dialog: 'offer.create', v: 1, step: 'city' } },
    });
    const inbound = await db.inboundMessage.create({
      data: {
        organizationId,
        channelAccountId: account.id,
        externalId: 'm1',
        chatId: contact.externalId,
        payload: { text: 'هلا' },
      },
    });
    const outbound = await db.outboundMessage.create({
      data: {
        organizationId,
        channelAccountId: account.id,
        contactId: contact.id,
        chatId: contact.externalId,
        idempotencyKey: 'm1:0',
        payload: { text: 'أهلاً' },
      },
    });
    const reminder = await db.reminder.create({
      data: {
        organizationId,
        kind: 'task',
        contactId: contact.id,
        taskId: task.id,
        dueAt: new Date('2026-11-22T13:00:00Z'),
        dedupeKey: `task:${task.id}`,
      },
    });
    const audit = await db.auditLog.create({
      data: {
        organizationId,
        userId: user.id,
        action: 'marketplace.contact_revealed',
        entityType: 'offer',
        entityId: offer.id,
      },
    });

    const written = {
      otpCode: otp,
      subscriptionPlan: plan,
      subscription: sub,
      subscriptionInvoice: invoice,
      team,
      teamMember: member,
      permission,
      customer,
      customerActivity: activity,
      customerDocument: document,
      customerInteraction: interaction,
      customerFollowup: followup,
      property,
      propertyImage: image,
      offer,
      offerAcceptance: acceptance,
      request,
      smartMatch: match,
      districtNeighbor: neighbor,
      appointment,
      workingHours: hours,
      holiday,
      availabilityOverride: override,
      task,
      taskComment: comment,
      notification,
      analyticsEvent: event,
      userStats: stats,
      analyticsSnapshot: snapshot,
      financialStats: financial,
      sale,
      payment,
      commission,
      commissionTier: tier,
      digitalCard: card,
      cardScan: scan,
      cardAnalytics: cardStats,
      publishingPlatform: platform,
      platformListing: listing,
      publishingSchedule: schedule,
      channelAccount: account,
      contact,
      conversation,
      inboundMessage: inbound,
      outboundMessage: outbound,
      reminder,
      auditLog: audit,
      user,
      organization: org,
    } as const;
    for (const [model, row] of Object.entries(written)) {
      // biome-ignore lint/suspicious/noExplicitAny: iterating over every delegate of the client
      const back = await (db as any)[model].findUnique({ where: { id: row.id } });
      expect(back, model).toEqual(row);
    }
    expect(Number((await db.property.findUniqueOrThrow({ where: { id: property.id } })).commissionPercent)).toBe(2.5);
  });

  describe('appointments of one broker', () => {
    async function broker(phone: string) {
      const org = await t.db.organization.upsert({
        where: { slug: 'appt' },
        update: {},
        create: { name: 'o', slug: 'appt' },
      });
      const user = await t.db.user.create({ data: { organizationId: org.id, phone, name: 'b' } });
      const at = (start: string, end: string, status: 'scheduled' | 'cancelled' = 'scheduled') =>
        t.db.appointment.create({
          data: {
            organizationId: org.id,
            userId: user.id,
            title: 'v',
            status,
            durationMinutes: 30,
            startsAt: new Date(start),
            endsAt: new Date(end),
          },
        });
      return { user, at };
    }

    it('refuses two that overlap with SQLSTATE 23P01', async () => {
      const { at } = await broker('+966500000201');
      await at('2026-11-22T13:00:00Z', '2026-11-22T14:00:00Z');
      const clash = await at('2026-11-22T13:30:00Z', '2026-11-22T14:30:00Z').catch((e: unknown) => e);
      expect(sqlState(clash)).toBe(PG.exclusionViolation);
    });

    it('accepts back-to-back ones and ones of another broker at the same time', async () => {
      const a = await broker('+966500000202');
      const b = await broker('+966500000203');
      await a.at('2026-11-22T13:00:00Z', '2026-11-22T14:00:00Z');
      await expect(a.at('2026-11-22T14:00:00Z', '2026-11-22T15:00:00Z')).resolves.toBeTruthy();
      await expect(a.at('2026-11-22T12:00:00Z', '2026-11-22T13:00:00Z')).resolves.toBeTruthy();
      await expect(b.at('2026-11-22T13:00:00Z', '2026-11-22T14:00:00Z')).resolves.toBeTruthy();
    });

    it('lets a cancelled appointment free its slot', async () => {
      const { at } = await broker('+966500000204');
      await at('2026-11-23T13:00:00Z', '2026-11-23T14:00:00Z', 'cancelled');
      await expect(at('2026-11-23T13:00:00Z', '2026-11-23T14:00:00Z')).resolves.toBeTruthy();
    });
  });

  it('refuses a repeated inbound message id on the same channel account', async () => {
    const org = await t.db.organization.create({ data: { name: 'o', slug: 'inbound' } });
    const account = await t.db.channelAccount.create({
      data: { organizationId: org.id, kind: 'telegram', externalId: 'bot1' },
    });
    const other = await t.db.channelAccount.create({
      data: { organizationId: org.id, kind: 'telegram', externalId: 'bot2' },
    });
    const message = (channelAccountId: string) => ({
      organizationId: org.id,
      channelAccountId,
      externalId: 'wamid.1',
      chatId: 'c1',
      payload: {},
    });
    await t.db.inboundMessage.create({ data: message(account.id) });
    const again = await t.db.inboundMessage.create({ data: message(account.id) }).catch((e: unknown) => e);
    expect(sqlState(again)).toBe(PG.uniqueViolation);
    await expect(t.db.inboundMessage.create({ data: message(other.id) })).resolves.toBeTruthy();
    expect(await t.db.inboundMessage.count({ where: { organizationId: org.id } })).toBe(2);
  });
});
