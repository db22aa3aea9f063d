// Viewings: a broker's free slots from the database (working hours, holidays, date overrides and his
// appointments) through the pure slot computation, booking that the database keeps from ever
// overlapping (appointments_no_overlap, SQLSTATE 23P01), cancel and reschedule, reminders to both sides,
// the after-viewing outcome, and the broker's working hours, holidays and calendar feed token.
//
// Booking runs inside the caller's transaction (a chat turn). A failed INSERT would abort that whole
// transaction, so the insert runs under a SAVEPOINT: on 23P01 only the insert is rolled back and the
// turn goes on to offer other slots.
import { randomBytes } from 'node:crypto';
import type { DbTx } from '../db/client.ts';
import type { RemindersService } from '../notifications/reminders.service.ts';
import type { Clock } from '../shared/clock.ts';
import { PG, sqlState } from '../shared/errors.ts';
import { dayRange, type Range } from '../shared/periods.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { AvailabilityCommand } from './appointments.hours-text.ts';
import { toWorkingHoursRow } from './appointments.hours-text.ts';
import {
  type AppointmentActor,
  type AppointmentDetails,
  type AppointmentErrorCode,
  appointmentInclude,
  type NewAppointment,
  type SchedulingSettings,
  type SlotOffer,
  schedulingSettings,
  type ViewingOutcome,
} from './appointments.types.ts';
import { computeSlots, DEFAULT_TIME_ZONE, explainUnavailable, nearestSlots } from './slots.ts';
import type {
  AvailabilityRules,
  BusyInterval,
  DateOverride,
  Holiday,
  LocalDate,
  Slot,
  UnavailableReason,
  Weekday,
  WorkingHours,
  WorkingInterval,
} from './slots.types.ts';

export * from './appointments.types.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const ACTIVE_STATUSES = ['scheduled', 'confirmed'] as const;

export interface AppointmentsDeps {
  db: DbTx;
  clock: Clock;
  reminders: RemindersService;
}

export interface ChatRef {
  id: string;
  channelAccountId: string;
  externalId: string;
  language: string | null;
}

interface BrokerCalendar {
  timeZone: string;
  settings: SchedulingSettings;
  rules: AvailabilityRules;
}

const dateOnly = (d: Date): LocalDate => d.toISOString().slice(0, 10);

export function createAppointmentsService({ db, clock, reminders }: AppointmentsDeps) {
  async function settingsOf(organizationId: string): Promise<SchedulingSettings> {
    const org = await db.organization.findUnique({ where: { id: organizationId }, select: { settings: true } });
    return schedulingSettings(org?.settings);
  }

  /** The broker's standing rules (hours, holidays, overrides) and the organization's settings. */
  async function calendarOf(organizationId: string, userId: string): Promise<BrokerCalendar | null> {
    const user = await db.user.findFirst({
      where: { id: userId, organizationId },
      select: { timeZone: true, organization: { select: { settings: true, timeZone: true } } },
    });
    if (!user) return null;
    const settings = schedulingSettings(user.organization.settings);
    const hours = await db.workingHours.findMany({ where: { userId, isActive: true } });
    const holidays = await db.holiday.findMany({
      where: { organizationId, OR: [{ userId }, { userId: null }] },
      select: { startDate: true, endDate: true, reason: true },
    });
    const overrides = await db.availabilityOverride.findMany({ where: { userId } });
    const workingHours: Partial<Record<Weekday, WorkingInterval[]>> = {};
    for (const h of hours) {
      if (h.weekday < 0 || h.weekday > 6) continue;
      const breaks = h.breakStart && h.breakEnd ? [{ start: h.breakStart, end: h.breakEnd }] : [];
      const day = h.weekday as Weekday;
      workingHours[day] = [...(workingHours[day] ?? []), { start: h.startTime, end: h.endTime, breaks }];
    }
    const rules: AvailabilityRules = {
      timeZone: user.timeZone || user.organization.timeZone || DEFAULT_TIME_ZONE,
      workingHours: workingHours as WorkingHours,
      holidays: holidays.map(
        (h): Holiday => ({
          from: dateOnly(h.startDate),
          to: dateOnly(h.endDate),
          ...(h.reason ? { name: h.reason } : {}),
        }),
      ),
      overrides: overrides.map(
        (o): DateOverride => ({
          date: dateOnly(o.date),
          intervals: o.isClosed || !o.startTime || !o.endTime ? [] : [{ start: o.startTime, end: o.endTime }],
        }),
      ),
      bufferMinutes: settings.bufferMinutes,
    };
    return { timeZone: rules.timeZone ?? DEFAULT_TIME_ZONE, settings, rules };
  }

  async function busyOf(userId: string, window: Range, excludeId?: string): Promise<BusyInterval[]> {
    const rows = await db.appointment.findMany({
      where: {
        userId,
        status: { not: 'cancelled' },
        startsAt: { lt: window.to },
        endsAt: { gt: window.from },
        ...(excludeId ? { id: { not: excludeId } } : {}),
      },
      select: { startsAt: true, endsAt: true },
    });
    return rows.map((r) => ({ start: r.startsAt, end: r.endsAt }));
  }

  /** Why `start` cannot be booked by this actor, or null (reads the busy time around it). */
  async function check(
    cal: BrokerCalendar,
    userId: string,
    start: Date,
    actor: AppointmentActor,
    excludeId?: string,
    minutes = cal.settings.viewingMinutes,
  ): Promise<UnavailableReason | null> {
    const pad = (cal.settings.bufferMinutes + minutes) * MINUTE_MS;
    const busy = await busyOf(
      userId,
      { from: new Date(start.getTime() - pad), to: new Date(start.getTime() + pad) },
      excludeId,
    );
    return explainUnavailable(start, {
      ...cal.rules,
      now: clock.now(),
      busy,
      slotMinutes: minutes,
      minimumNoticeMinutes: actor === 'client' ? cal.settings.minimumNoticeMinutes : 0,
    });
  }

  /** The chat a broker last used with Nova (where he is told and reminded). */
  async function brokerChat(organizationId: string, userId: string): Promise<ChatRef | null> {
    return db.contact.findFirst({
      where: { organizationId, userId },
      orderBy: { lastInboundAt: { sort: 'desc', nulls: 'last' } },
      select: { id: true, channelAccountId: true, externalId: true, language: true },
    });
  }

  /** The client's chat: the one that booked, else one linked to the customer or sharing his phone. */
  async function clientChat(appt: AppointmentDetails): Promise<ChatRef | null> {
    const select = { id: true, channelAccountId: true, externalId: true, language: true } as const;
    if (appt.bookedByContactId) {
      const booked = await db.contact.findUnique({ where: { id: appt.bookedByContactId }, select });
      if (booked) return booked;
    }
    if (!appt.customer) return null;
    return db.contact.findFirst({
      where: {
        organizationId: appt.organizationId,
        userId: null,
        OR: [{ customerId: appt.customer.id }, ...(appt.customer.phone ? [{ phone: appt.customer.phone }] : [])],
      },
      orderBy: { lastInboundAt: { sort: 'desc', nulls: 'last' } },
      select,
    });
  }

  function reminderPayload(appt: AppointmentDetails, timeZone: string) {
    return {
      appointmentId: appt.id,
      startsAt: appt.startsAt.toISOString(),
      endsAt: appt.endsAt.toISOString(),
      timeZone,
      title: appt.title,
      propertyRef: appt.property?.refNumber ?? null,
      propertyTitle: appt.property?.title ?? null,
      mapsUrl: appt.mapsUrl ?? appt.property?.mapsUrl ?? null,
      location: appt.location,
      customerName: appt.customer?.name ?? null,
      customerPhone: appt.customer?.phone ?? null,
      brokerName: appt.user.name,
      brokerPhone: appt.user.phone,
    };
  }

  /**
   * Reminders before the start to the client and to the broker (one row each, so that a cancel drops
   * them all), and the after-viewing question to the broker at the end. Upserts by dedupe key: a
   * reschedule moves them, and offsets already past are left out.
   */
  async function scheduleReminders(appt: AppointmentDetails, settings: SchedulingSettings, timeZone: string) {
    const now = clock.now().getTime();
    const client = await clientChat(appt);
    const broker = await brokerChat(appt.organizationId, appt.userId);
    const base = reminderPayload(appt, timeZone);
    const recipients = [
      ...(client ? [{ role: 'client' as const, chat: client }] : []),
      ...(broker ? [{ role: 'broker' as const, chat: broker }] : []),
    ];
    for (const offset of settings.reminderMinutes) {
      const dueAt = new Date(appt.startsAt.getTime() - offset * MINUTE_MS);
      if (dueAt.getTime() <= now) continue;
      for (const { role, chat } of recipients) {
        await reminders.schedule({
          organizationId: appt.organizationId,
          kind: 'appointment',
          dueAt,
          dedupeKey: `appt:${appt.id}:${offset}:${chat.id}`,
          contactId: chat.id,
          userId: appt.userId,
          appointmentId: appt.id,
          payload: { ...base, role, offsetMinutes: offset },
        });
      }
    }
    if (broker && appt.type === 'viewing') {
      await reminders.schedule({
        organizationId: appt.organizationId,
        kind: 'appointment_followup',
        dueAt: appt.endsAt,
        dedupeKey: `appt:${appt.id}:followup:${broker.id}`,
        contactId: broker.id,
        userId: appt.userId,
        appointmentId: appt.id,
        payload: { ...base, role: 'broker' },
      });
    }
  }

  async function details(organizationId: string, id: string): Promise<AppointmentDetails | null> {
    return db.appointment.findFirst({ where: { id, organizationId }, include: appointmentInclude });
  }

  /**
   * The secret of the broker's calendar feed, created when missing. Booking and rescheduling make sure
   * of it before they write the appointment: the token also keys the signed .ics links, and taking the
   * users row lock before (never after) the appointment's range keeps concurrent bookings free of
   * deadlocks.
   */
  async function feedToken(userId: string): Promise<string> {
    const found = await db.user.findUnique({ where: { id: userId }, select: { calendarFeedToken: true } });
    if (found?.calendarFeedToken) return found.calendarFeedToken;
    await db.user.updateMany({
      where: { id: userId, calendarFeedToken: null },
      data: { calendarFeedToken: randomBytes(24).toString('base64url') },
    });
    const again = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { calendarFeedToken: true } });
    return again.calendarFeedToken!;
  }

  /** Runs one write under a savepoint; an exclusion violation rolls back only that write. */
  async function guarded<T>(write: () => Promise<T>): Promise<T | 'overlap'> {
    await db.$executeRaw`SAVEPOINT appointment_write`;
    try {
      const value = await write();
      await db.$executeRaw`RELEASE SAVEPOINT appointment_write`;
      return value;
    } catch (error) {
      if (sqlState(error) !== PG.exclusionViolation) throw error;
      await db.$executeRaw`ROLLBACK TO SAVEPOINT appointment_write`;
      return 'overlap';
    }
  }

  const unavailable = (reason: UnavailableReason) =>
    reason === 'TAKEN' ? err('APPOINTMENT.SLOT_TAKEN' as const) : err('APPOINTMENT.UNAVAILABLE' as const, { reason });

  return {
    settings: settingsOf,

    /**
     * Up to `count` free slots of the broker nearest the request (the requested day first; with only a
     * date, from that day's opening; with neither, from now), and why the requested time itself cannot
     * be booked. A requested time that is free is always among the offers.
     */
    async offer(input: {
      organizationId: string;
      userId: string;
      requested?: Date;
      day?: LocalDate;
      actor: AppointmentActor;
      count?: number;
      excludeAppointmentId?: string;
    }): Promise<SlotOffer | null> {
      const cal = await calendarOf(input.organizationId, input.userId);
      if (!cal) return null;
      // Made here, ahead of any booking, so that concurrent bookings of this broker only read it.
      await feedToken(input.userId);
      const now = clock.now();
      const count = input.count ?? 5;
      const anchor = input.requested ?? (input.day ? dayRange(input.day, cal.timeZone).from : now);
      const aheadDays = Math.ceil((anchor.getTime() - now.getTime()) / DAY_MS);
      const days = Math.min(366, Math.max(cal.settings.horizonDays, aheadDays + 7));
      const window = { from: now, to: new Date(now.getTime() + (days + 1) * DAY_MS) };
      const busy = await busyOf(input.userId, window, input.excludeAppointmentId);
      const minimumNoticeMinutes = input.actor === 'client' ? cal.settings.minimumNoticeMinutes : 0;
      const config = {
        ...cal.rules,
        now,
        busy,
        slotMinutes: cal.settings.viewingMinutes,
        minimumNoticeMinutes,
      };
      const slots = computeSlots({ ...config, stepMinutes: cal.settings.stepMinutes, range: { start: now, days } });
      const reason = input.requested ? explainUnavailable(input.requested, config) : null;
      let nearest = nearestSlots(anchor, slots, count, cal.timeZone);
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
     * Books a viewing: checked against the rules first (to give the reason), then inserted under a
     * savepoint so that a concurrent booking of the same time (23P01) ends as SLOT_TAKEN without
     * aborting the caller's transaction. Schedules the reminders of both sides.
     */
    async book(input: NewAppointment): Promise<Result<AppointmentDetails, AppointmentErrorCode>> {
      const title = input.title.trim().slice(0, 300);
      if (!title || Number.isNaN(input.startsAt.getTime())) return err('APPOINTMENT.INVALID_INPUT');
      const cal = await calendarOf(input.organizationId, input.userId);
      if (!cal) return err('APPOINTMENT.NOT_FOUND');
      const reason = await check(cal, input.userId, input.startsAt, input.actor);
      if (reason) return unavailable(reason);
      await feedToken(input.userId);
      const minutes = cal.settings.viewingMinutes;
      const created = await guarded(() =>
        db.appointment.create({
          data: {
            organizationId: input.organizationId,
            userId: input.userId,
            customerId: input.customerId ?? null,
            propertyId: input.propertyId ?? null,
            title,
            type: 'viewing',
            startsAt: input.startsAt,
            endsAt: new Date(input.startsAt.getTime() + minutes * MINUTE_MS),
            durationMinutes: minutes,
            location: input.location ?? null,
            mapsUrl: input.mapsUrl ?? null,
            status: 'scheduled',
            reminders: cal.settings.reminderMinutes,
            notes: input.notes ?? null,
            bookedByContactId: input.bookedByContactId ?? null,
          },
          include: appointmentInclude,
        }),
      );
      if (created === 'overlap') return err('APPOINTMENT.SLOT_TAKEN');
      await scheduleReminders(created, cal.settings, cal.timeZone);
      return ok(created);
    },

    get: details,

    /** Cancels an active appointment and drops every reminder it had. */
    async cancel(input: {
      organizationId: string;
      id: string;
      reason?: string;
    }): Promise<Result<AppointmentDetails, AppointmentErrorCode>> {
      const appt = await details(input.organizationId, input.id);
      if (!appt) return err('APPOINTMENT.NOT_FOUND');
      if (!(ACTIVE_STATUSES as readonly string[]).includes(appt.status)) return err('APPOINTMENT.NOT_ACTIVE');
      const updated = await db.appointment.update({
        where: { id: appt.id },
        data: { status: 'cancelled', cancelReason: input.reason?.slice(0, 500) ?? null, cancelledAt: clock.now() },
        include: appointmentInclude,
      });
      await reminders.cancel({ appointmentId: appt.id }, input.organizationId);
      return ok(updated);
    },

    /**
     * Moves an active appointment to `startsAt` (same length). The same checks and the same constraint
     * as booking; its reminders move with it.
     */
    async reschedule(input: {
      organizationId: string;
      id: string;
      startsAt: Date;
      actor: AppointmentActor;
    }): Promise<Result<AppointmentDetails, AppointmentErrorCode>> {
      const appt = await details(input.organizationId, input.id);
      if (!appt) return err('APPOINTMENT.NOT_FOUND');
      if (!(ACTIVE_STATUSES as readonly string[]).includes(appt.status)) return err('APPOINTMENT.NOT_ACTIVE');
      const cal = await calendarOf(input.organizationId, appt.userId);
      if (!cal) return err('APPOINTMENT.NOT_FOUND');
      const reason = await check(cal, appt.userId, input.startsAt, input.actor, appt.id, appt.durationMinutes);
      if (reason) return unavailable(reason);
      await feedToken(appt.userId);
      const updated = await guarded(() =>
        db.appointment.update({
          where: { id: appt.id },
          data: {
            startsAt: input.startsAt,
            endsAt: new Date(input.startsAt.getTime() + appt.durationMinutes * MINUTE_MS),
          },
          include: appointmentInclude,
        }),
      );
      if (updated === 'overlap') return err('APPOINTMENT.SLOT_TAKEN');
      await reminders.cancel({ appointmentId: appt.id }, input.organizationId);
      await scheduleReminders(updated, cal.settings, cal.timeZone);
      return ok(updated);
    },

    /**
     * Appointments of brokers (`userIds`), of a customer or of a client's chat, active ones unless
     * `includeClosed`; in `range`, or upcoming (ending after now) when no range is given.
     */
    async list(input: {
      organizationId: string;
      userIds?: string[] | 'all';
      customerId?: string | null;
      contactId?: string;
      range?: Range;
      includeClosed?: boolean;
      limit?: number;
    }): Promise<AppointmentDetails[]> {
      const who = [
        ...(input.customerId ? [{ customerId: input.customerId }] : []),
        ...(input.contactId ? [{ bookedByContactId: input.contactId }] : []),
      ];
      return db.appointment.findMany({
        where: {
          organizationId: input.organizationId,
          ...(input.userIds && input.userIds !== 'all' ? { userId: { in: input.userIds } } : {}),
          ...(who.length ? { OR: who } : {}),
          ...(input.includeClosed ? {} : { status: { in: [...ACTIVE_STATUSES] } }),
          ...(input.range
            ? { startsAt: { gte: input.range.from, lt: input.range.to } }
            : { endsAt: { gt: clock.now() } }),
        },
        orderBy: { startsAt: 'asc' },
        take: input.limit ?? 20,
        include: appointmentInclude,
      });
    },

    /** The broker's viewings that ended in the last two weeks and still wait for their outcome. */
    async awaitingOutcome(input: { organizationId: string; userId: string }): Promise<AppointmentDetails[]> {
      const now = clock.now();
      return db.appointment.findMany({
        where: {
          organizationId: input.organizationId,
          userId: input.userId,
          status: { in: [...ACTIVE_STATUSES] },
          endsAt: { lte: now, gte: new Date(now.getTime() - 14 * DAY_MS) },
        },
        orderBy: { endsAt: 'desc' },
        take: 10,
        include: appointmentInclude,
      });
    },

    /**
     * How a viewing went: the appointment becomes completed or no_show (with the note), a customer
     * interaction of type viewing is logged, and the pending after-viewing question is dropped.
     */
    async recordOutcome(input: {
      organizationId: string;
      userId: string;
      id: string;
      outcome: ViewingOutcome;
      note?: string;
    }): Promise<Result<AppointmentDetails, AppointmentErrorCode>> {
      const appt = await details(input.organizationId, input.id);
      if (!appt) return err('APPOINTMENT.NOT_FOUND');
      if (appt.status === 'cancelled') return err('APPOINTMENT.NOT_ACTIVE');
      const note = input.note?.trim().slice(0, 2_000) || null;
      const updated = await db.appointment.update({
        where: { id: appt.id },
        data: {
          status: input.outcome,
          outcome: input.outcome,
          ...(note ? { notes: appt.notes ? `${appt.notes}\n${note}` : note } : {}),
        },
        include: appointmentInclude,
      });
      if (appt.customerId) {
        await db.customerInteraction.create({
          data: {
            organizationId: input.organizationId,
            customerId: appt.customerId,
            userId: input.userId,
            type: 'viewing',
            direction: 'outbound',
            summary: note ?? (input.outcome === 'completed' ? 'viewing done' : 'client did not show up'),
            outcome: input.outcome,
            durationMinutes: input.outcome === 'completed' ? appt.durationMinutes : null,
            occurredAt: appt.startsAt,
            appointmentId: appt.id,
          },
        });
        await db.customer.updateMany({
          where: { id: appt.customerId, organizationId: input.organizationId },
          data: { lastContact: clock.now() },
        });
      }
      await reminders.cancel({ dedupeKeyPrefix: `appt:${appt.id}:followup` }, input.organizationId);
      return ok(updated);
    },

    /**
     * Weekly working hours or a recurring day off of one broker. Hours without named days apply to
     * every day he works now (Saturday to Thursday when he has none yet).
     */
    async setWorkingHours(
      scope: { organizationId: string; userId: string },
      command: Extract<AvailabilityCommand, { kind: 'hours' | 'day_off' }>,
    ): Promise<Weekday[]> {
      let weekdays = command.weekdays;
      if (!weekdays) {
        const active = await db.workingHours.findMany({
          where: { userId: scope.userId, isActive: true },
          select: { weekday: true },
        });
        weekdays = active.length ? active.map((r) => r.weekday as Weekday) : [0, 1, 2, 3, 4, 6];
      }
      weekdays = [...new Set(weekdays)].sort((a, b) => a - b);
      for (const weekday of weekdays) {
        if (command.kind === 'day_off') {
          await db.workingHours.updateMany({ where: { userId: scope.userId, weekday }, data: { isActive: false } });
          continue;
        }
        const row = toWorkingHoursRow(command.intervals);
        await db.workingHours.upsert({
          where: { userId_weekday: { userId: scope.userId, weekday } },
          create: { organizationId: scope.organizationId, userId: scope.userId, weekday, ...row, isActive: true },
          update: { ...row, isActive: true },
        });
      }
      return weekdays;
    },

    /** A holiday of the broker (local dates, inclusive) and how many of his appointments fall in it. */
    async addHoliday(
      scope: { organizationId: string; userId: string },
      input: { from: LocalDate; to: LocalDate; reason?: string },
    ): Promise<Result<{ id: string; clashes: number }, AppointmentErrorCode>> {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.from) || !/^\d{4}-\d{2}-\d{2}$/.test(input.to) || input.to < input.from) {
        return err('APPOINTMENT.INVALID_INPUT');
      }
      const user = await db.user.findFirst({
        where: { id: scope.userId, organizationId: scope.organizationId },
        select: { timeZone: true },
      });
      if (!user) return err('APPOINTMENT.NOT_FOUND');
      const holiday = await db.holiday.create({
        data: {
          organizationId: scope.organizationId,
          userId: scope.userId,
          startDate: new Date(`${input.from}T00:00:00Z`),
          endDate: new Date(`${input.to}T00:00:00Z`),
          reason: input.reason?.slice(0, 200) ?? null,
        },
      });
      const tz = user.timeZone || DEFAULT_TIME_ZONE;
      const clashes = await db.appointment.count({
        where: {
          userId: scope.userId,
          status: { in: [...ACTIVE_STATUSES] },
          startsAt: { gte: dayRange(input.from, tz).from, lt: dayRange(input.to, tz).to },
        },
      });
      return ok({ id: holiday.id, clashes });
    },

    feedToken,
    brokerChat,
    clientChat,
  };
}

export type AppointmentsService = ReturnType<typeof createAppointmentsService>;
