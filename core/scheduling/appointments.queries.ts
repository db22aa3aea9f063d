// Reads of viewings: one appointment, lists of them, a broker's free slots, the property a client asks
// to see and the broker who shows it, and the client's chat. Every read is of the scope's organization:
// an id of another office is simply not found. A member reads the appointments of the brokers he sees
// (or of the customers he sees), and a client's phone only when he is that client's broker or sees the
// whole office (core/teams/privacy.ts).

import { type AppointmentStatus, type DbTx, Prisma } from '../db/client.ts';
import type { PropertyType } from '../requests/requests.service.ts';
import type { Clock } from '../shared/clock.ts';
import {
  inOrder,
  keyExpr,
  keysetAfter,
  keysetOrder,
  type Page,
  type PageRequest,
  type SortColumn,
  toPage,
} from '../shared/keyset.ts';
import { fitsInt4 } from '../shared/limits.ts';
import { dayRange, type Range } from '../shared/periods.ts';
import type { Scope } from '../shared/scope.ts';
import { andAll, textList, uuidList } from '../shared/sql-filters.ts';
import { narrowUsers, sees, visibleUsers } from '../teams/authorize.ts';
import { maySeePhone, shownPhone } from '../teams/privacy.ts';
import { ACTIVE_STATUSES, createBrokerCalendars, DAY_MS, MINUTE_MS } from './appointments.availability.ts';
import { ensureFeedToken } from './appointments.feed-token.ts';
import {
  type AppointmentActor,
  type AppointmentDetails,
  appointmentInclude,
  type ChatRef,
  type SchedulingSettings,
  type SlotOffer,
  schedulingSettings,
  type ViewableProperty,
  viewablePropertySelect,
} from './appointments.types.ts';
import {
  computeSlots,
  type DayWindow,
  explainUnavailable,
  localDateOf,
  MAX_RANGE_DAYS,
  nearestSlots,
  slotsInWindow,
} from './slots.ts';
import type { LocalDate, Slot } from './slots.types.ts';

const CHAT_SELECT = { id: true, channelAccountId: true, externalId: true, language: true } as const;

/** What a page of appointments is filtered by (every filter optional; all of them narrow). */
export interface AppointmentFilter {
  /** brokers whose calendars to read, within the ones the scope sees */
  userIds?: string[];
  customerId?: string;
  propertyId?: string;
  status?: AppointmentStatus[];
  /** starting at or after */
  from?: Date;
  /** starting before */
  to?: Date;
}

/** What pages of appointments sort on (with the id as tie-breaker): all dates. */
export const APPOINTMENT_SORTS = {
  startsAt: { column: 'starts_at', kind: 'timestamp' },
  createdAt: { column: 'created_at', kind: 'timestamp' },
} as const satisfies Record<string, SortColumn>;
export type AppointmentSort = keyof typeof APPOINTMENT_SORTS;

/** The longest span of free slots one call computes (a month and a day). */
export const MAX_SLOT_SPAN_DAYS = 32;

/** Appointments the scope sees: of its brokers, or of customers assigned to them; {} when it sees all. */
function visibleAppointments(scope: Scope) {
  const users = visibleUsers(scope);
  if (users === 'all') return {};
  const ids = [...users];
  return { OR: [{ userId: { in: ids } }, { customer: { assignedToId: { in: ids } } }] };
}

/**
 * The appointment as stored (the client's phone in full), when the scope sees it: for core's own use
 * (reminders, the client's chat), never returned to a caller as is.
 */
export function findAppointment(db: DbTx, scope: Scope, id: string): Promise<AppointmentDetails | null> {
  return db.appointment.findFirst({
    where: { id, organizationId: scope.organizationId, ...visibleAppointments(scope) },
    include: appointmentInclude,
  });
}

/** The appointments as the scope may read them: each client's phone masked unless he is the scope's to call. */
export async function presentAppointments(
  db: DbTx,
  scope: Scope,
  appts: AppointmentDetails[],
): Promise<AppointmentDetails[]> {
  if (maySeePhone(scope, []) || !appts.some((a) => a.customer?.phone)) return appts;
  const customerIds = [...new Set(appts.flatMap((a) => (a.customer?.phone ? [a.customer.id] : [])))];
  const assignees = new Map(
    (
      await db.customer.findMany({
        where: { id: { in: customerIds }, organizationId: scope.organizationId },
        select: { id: true, assignedToId: true },
      })
    ).map((c) => [c.id, c.assignedToId]),
  );
  return appts.map((a) => {
    if (!a.customer?.phone) return a;
    const phone = shownPhone(scope, a.customer.phone, [assignees.get(a.customer.id), a.userId]);
    return phone === a.customer.phone ? a : { ...a, customer: { ...a.customer, phone } };
  });
}

export async function presentAppointment(db: DbTx, scope: Scope, appt: AppointmentDetails) {
  return (await presentAppointments(db, scope, [appt]))[0]!;
}

export function createAppointmentsQueries({ db, clock }: { db: DbTx; clock: Clock }) {
  const calendars = createBrokerCalendars({ db, clock });

  return {
    async settings(scope: Scope): Promise<SchedulingSettings> {
      const org = await db.organization.findUnique({ where: { id: scope.organizationId }, select: { settings: true } });
      return schedulingSettings(org?.settings);
    },

    async get(scope: Scope, id: string): Promise<AppointmentDetails | null> {
      const appt = await findAppointment(db, scope, id);
      return appt && presentAppointment(db, scope, appt);
    },

    /**
     * Up to `count` free slots of the broker nearest the request (the requested day first; with only a
     * date, from that day's opening; with neither, from now), and why the requested time itself cannot
     * be booked. A requested time that is free is always among the offers. Null for a broker who is not
     * of the scope's organization.
     */
    async offer(
      scope: Scope,
      input: {
        userId: string;
        requested?: Date;
        day?: LocalDate;
        actor: AppointmentActor;
        count?: number;
        excludeAppointmentId?: string;
        /** a part of the day asked for ("بكرة العصر"): slots starting in it come first, on `day` and after */
        window?: DayWindow;
      },
    ): Promise<SlotOffer | null> {
      const cal = await calendars.calendarOf(scope, input.userId);
      if (!cal) return null;
      // Made here, ahead of any booking, so that concurrent bookings of this broker only read it.
      await ensureFeedToken(db, scope, input.userId);
      const now = clock.now();
      const count = input.count ?? 5;
      const anchor = input.requested ?? (input.day ? dayRange(input.day, cal.timeZone).from : now);
      // Slots are offered within the booking horizon only (book() refuses past it as TOO_FAR); a time
      // asked beyond it gets that reason and the latest slots inside it.
      const days = cal.settings.horizonDays + 1;
      const limit = now.getTime() + days * DAY_MS;
      const tooFar = anchor.getTime() > limit;
      const window = { from: now, to: new Date(now.getTime() + (days + 1) * DAY_MS) };
      const busy = await calendars.busyOf(scope, input.userId, window, input.excludeAppointmentId);
      const minimumNoticeMinutes = input.actor === 'client' ? cal.settings.minimumNoticeMinutes : 0;
      const config = {
        ...cal.rules,
        now,
        busy,
        slotMinutes: cal.settings.viewingMinutes,
        minimumNoticeMinutes,
      };
      const slots = computeSlots({ ...config, stepMinutes: cal.settings.stepMinutes, range: { start: now, days } });
      const reason = tooFar ? 'TOO_FAR' : input.requested ? explainUnavailable(input.requested, config) : null;
      const inWindow =
        input.window && !input.requested
          ? slotsInWindow(slots, input.window, input.day ?? localDateOf(anchor, cal.timeZone), count, cal.timeZone)
          : [];
      let nearest = inWindow.length > 0 ? inWindow : nearestSlots(anchor, slots, count, cal.timeZone);
      if (
        input.requested &&
        reason === null &&
        !nearest.some((s) => s.start.getTime() === input.requested!.getTime())
      ) {
        const asked: Slot = {
          start: input.requested,
          end: new Date(input.requested.getTime() + cal.settings.viewingMinutes * MINUTE_MS),
        };
        nearest = [asked, ...nearest.slice(0, Math.max(0, count - 1))];
      }
      nearest.sort((a, b) => a.start.getTime() - b.start.getTime());
      return { reason, slots: nearest, timeZone: cal.timeZone, viewingMinutes: cal.settings.viewingMinutes };
    },

    /**
     * Appointments of brokers (`userIds`, within the ones a member sees), of a customer or of a client's
     * chat, active ones unless `includeClosed`; in `range`, or upcoming (ending after now) when no range
     * is given.
     */
    async list(
      scope: Scope,
      input: {
        userIds?: string[] | 'all';
        customerId?: string | null;
        contactId?: string;
        range?: Range;
        includeClosed?: boolean;
        limit?: number;
      },
    ): Promise<AppointmentDetails[]> {
      const who = [
        ...(input.customerId ? [{ customerId: input.customerId }] : []),
        ...(input.contactId ? [{ bookedByContactId: input.contactId }] : []),
      ];
      const brokers = input.userIds ? narrowUsers(scope, input.userIds) : 'all';
      const found = await db.appointment.findMany({
        where: {
          organizationId: scope.organizationId,
          ...(brokers !== 'all' ? { userId: { in: brokers } } : {}),
          AND: [who.length ? { OR: who } : {}, visibleAppointments(scope)],
          ...(input.includeClosed ? {} : { status: { in: [...ACTIVE_STATUSES] } }),
          ...(input.range
            ? { startsAt: { gte: input.range.from, lt: input.range.to } }
            : { endsAt: { gt: clock.now() } }),
        },
        orderBy: { startsAt: 'asc' },
        take: input.limit ?? 20,
        include: appointmentInclude,
      });
      return presentAppointments(db, scope, found);
    },

    /**
     * One page of the appointments the scope sees, in the page's order (by start by default: chronological)
     * then by id, so that the next page starts after the last row and inserts never shift it. Past and
     * closed ones are included unless the filter says otherwise.
     */
    async page(
      scope: Scope,
      filter: AppointmentFilter,
      page: PageRequest<AppointmentSort>,
    ): Promise<Page<AppointmentDetails>> {
      const sort = APPOINTMENT_SORTS[page.sort];
      const org = scope.organizationId;
      const brokers = filter.userIds ? narrowUsers(scope, filter.userIds) : 'all';
      const visible = visibleUsers(scope);
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT a.id::text AS id, ${keyExpr(sort, 'a')} AS k
        FROM appointments a
        WHERE a.organization_id = ${org}::uuid${andAll([
          brokers !== 'all' && Prisma.sql`a.user_id IN ${uuidList(brokers)}`,
          visible !== 'all' &&
            Prisma.sql`(a.user_id IN ${uuidList(visible)} OR a.customer_id IN (SELECT c.id FROM customers c
              WHERE c.organization_id = ${org}::uuid AND c.assigned_to_id IN ${uuidList(visible)}))`,
          filter.customerId && Prisma.sql`a.customer_id = ${filter.customerId}::uuid`,
          filter.propertyId && Prisma.sql`a.property_id = ${filter.propertyId}::uuid`,
          filter.status?.length && Prisma.sql`a.status::text IN ${textList(filter.status)}`,
          filter.from && Prisma.sql`a.starts_at >= ${filter.from}`,
          filter.to && Prisma.sql`a.starts_at < ${filter.to}`,
        ])}${keysetAfter(sort, page.direction, 'a', page.after)}
        ${keysetOrder(sort, page.direction, 'a')}
        LIMIT ${page.limit + 1}`;
      const { items, next } = toPage(keys, page.limit);
      const ids = items.map((r) => r.id);
      const rows = await db.appointment.findMany({
        where: { id: { in: ids }, organizationId: org },
        include: appointmentInclude,
      });
      return { items: await presentAppointments(db, scope, inOrder(ids, rows)), next };
    },

    /**
     * Every free slot of the broker starting in [from, to) (at most MAX_SLOT_SPAN_DAYS apart), within
     * the booking horizon and never before now: the same computation, rules and busy time as booking
     * checks, so a slot listed here books unless someone takes it first. A client (`actor: 'client'`) is
     * held to the minimum notice. Null for a broker who is not of the scope's organization.
     */
    async slots(
      scope: Scope,
      input: { userId: string; from: Date; to: Date; actor?: AppointmentActor },
    ): Promise<{ timeZone: string; viewingMinutes: number; slots: Slot[] } | null> {
      const cal = await calendars.calendarOf(scope, input.userId);
      if (!cal) return null;
      const now = clock.now();
      const horizon = new Date(now.getTime() + (cal.settings.horizonDays + 1) * DAY_MS);
      const start = new Date(Math.max(input.from.getTime(), now.getTime()));
      const end = new Date(Math.min(input.to.getTime(), horizon.getTime() + MINUTE_MS));
      const base = { timeZone: cal.timeZone, viewingMinutes: cal.settings.viewingMinutes };
      if (end <= start) return { ...base, slots: [] };
      const days = Math.min(Math.ceil((end.getTime() - start.getTime()) / DAY_MS) + 1, MAX_RANGE_DAYS);
      const pad = (cal.settings.bufferMinutes + cal.settings.viewingMinutes) * MINUTE_MS;
      const busy = await calendars.busyOf(scope, input.userId, {
        from: new Date(start.getTime() - pad),
        to: new Date(start.getTime() + (days + 1) * DAY_MS + pad),
      });
      const slots = computeSlots({
        ...cal.rules,
        now,
        busy,
        slotMinutes: cal.settings.viewingMinutes,
        stepMinutes: cal.settings.stepMinutes,
        minimumNoticeMinutes: input.actor === 'client' ? cal.settings.minimumNoticeMinutes : 0,
        range: { start, days },
      });
      return { ...base, slots: slots.filter((s) => s.start < end && s.start <= horizon) };
    },

    /** The broker's viewings that ended in the last two weeks and still wait for their outcome. */
    async awaitingOutcome(scope: Scope, userId: string): Promise<AppointmentDetails[]> {
      if (!sees(scope, userId)) return [];
      const now = clock.now();
      const found = await db.appointment.findMany({
        where: {
          organizationId: scope.organizationId,
          userId,
          status: { in: [...ACTIVE_STATUSES] },
          endsAt: { lte: now, gte: new Date(now.getTime() - 14 * DAY_MS) },
        },
        orderBy: { endsAt: 'desc' },
        take: 10,
        include: appointmentInclude,
      });
      return presentAppointments(db, scope, found);
    },

    /** The property with this reference number ("العقار ٢"), whatever its status. */
    async propertyByRef(scope: Scope, ref: number): Promise<ViewableProperty | null> {
      // «العقار 99999999999» is no property (and would overflow the int4 comparison)
      if (!fitsInt4(ref)) return null;
      return db.property.findFirst({
        where: { organizationId: scope.organizationId, refNumber: ref },
        select: viewablePropertySelect,
      });
    },

    /**
     * The one active listing of the office a description names by its district («شقة الملقا», "the
     * narjis villa", with its type or city when said); null when none or several fit (the number is
     * asked then). A type in a city alone («فيلا بالرياض») is a search, not one listing.
     */
    async propertyByDescription(
      scope: Scope,
      hints: { district: string; propertyType?: PropertyType; city?: string },
    ): Promise<ViewableProperty | null> {
      const found = await db.property.findMany({
        where: {
          organizationId: scope.organizationId,
          status: 'active',
          district: hints.district,
          ...(hints.city ? { city: hints.city } : {}),
          ...(hints.propertyType ? { propertyType: hints.propertyType } : {}),
        },
        take: 2,
        select: viewablePropertySelect,
      });
      return found.length === 1 ? found[0]! : null;
    },

    async propertyById(scope: Scope, id: string): Promise<ViewableProperty | null> {
      return db.property.findFirst({
        where: { id, organizationId: scope.organizationId },
        select: viewablePropertySelect,
      });
    },

    /** Who shows the property: its broker; a listing without one goes to the office's first manager. */
    async viewingBroker(scope: Scope, property: { userId: string | null }): Promise<string | null> {
      if (property.userId) return property.userId;
      const manager = await db.user.findFirst({
        where: {
          organizationId: scope.organizationId,
          status: 'active',
          role: { in: ['owner', 'admin', 'manager'] },
        },
        orderBy: { createdAt: 'asc' },
        select: { id: true },
      });
      return manager?.id ?? null;
    },

    /** The client's chat: the one that booked, else one linked to the customer or sharing his phone. */
    async clientChat(scope: Scope, appt: AppointmentDetails): Promise<ChatRef | null> {
      if (appt.bookedByContactId) {
        const booked = await db.contact.findFirst({
          where: { id: appt.bookedByContactId, organizationId: scope.organizationId },
          select: CHAT_SELECT,
        });
        if (booked) return booked;
      }
      if (!appt.customer) return null;
      return db.contact.findFirst({
        where: {
          organizationId: scope.organizationId,
          userId: null,
          OR: [{ customerId: appt.customer.id }, ...(appt.customer.phone ? [{ phone: appt.customer.phone }] : [])],
        },
        orderBy: { lastInboundAt: { sort: 'desc', nulls: 'last' } },
        select: CHAT_SELECT,
      });
    },
  };
}

export type AppointmentsQueries = ReturnType<typeof createAppointmentsQueries>;
