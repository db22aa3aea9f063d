// Viewings: booking that the database keeps from ever overlapping (appointments_no_overlap, SQLSTATE
// 23P01), cancel and reschedule, reminders to both sides, and the after-viewing outcome. Reads are in
// appointments.queries.ts, the broker's working hours and holidays in appointments.hours.service.ts.
//
// Booking runs inside the caller's transaction (a chat turn). A failed INSERT would abort that whole
// transaction, so the insert runs under a SAVEPOINT: on 23P01 only the insert is rolled back and the
// turn goes on to offer other slots.
//
// A member books with calendar.create and cancels, moves or closes a viewing he sees with calendar.edit;
// a client acts on his own viewings (the features find them). Every member's change is audited, and
// what is returned carries the client's phone only for his broker (core/teams/privacy.ts).
import { type AnalyticsEventType, type AnalyticsSink, noAnalytics } from '../analytics/events.ts';
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
import type { Notifier } from '../notifications/notify.ts';
import type { RemindersService } from '../notifications/reminders.service.ts';
import type { Clock } from '../shared/clock.ts';
import { PG, sqlState } from '../shared/errors.ts';
import { addLocalDays, atLocalTime, localDateOf } from '../shared/local-time.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import { authorize } from '../teams/authorize.ts';
import { type EventSink, noEvents, type WebhookEvent } from '../webhooks/events.ts';
import { ACTIVE_STATUSES, createBrokerCalendars, MINUTE_MS } from './appointments.availability.ts';
import { ensureFeedToken } from './appointments.feed-token.ts';
import { createAppointmentsQueries, findAppointment, presentAppointment } from './appointments.queries.ts';
import {
  type AppointmentActor,
  type AppointmentDetails,
  type AppointmentErrorCode,
  appointmentInclude,
  type NewAppointment,
  type SchedulingSettings,
  type ViewingOutcome,
} from './appointments.types.ts';
import type { UnavailableReason } from './slots.types.ts';

export interface AppointmentsDeps {
  db: DbTx;
  clock: Clock;
  reminders: RemindersService;
  /** where a broker is reminded: the chat he last used */
  notifications: Pick<Notifier, 'chatOfMember'>;
  /** outgoing webhook events (core/webhooks/events.ts) */
  events?: EventSink;
  /** analytics events (core/analytics/events.ts) */
  analytics?: AnalyticsSink;
}

type AppointmentResult = Promise<Result<AppointmentDetails, AppointmentErrorCode>>;

/** When a viewing's outcome is asked again, the next morning, if the broker has not told it. */
const NEXT_DAY_ASK_HOUR = 10;

export function createAppointmentsService({
  db,
  clock,
  reminders,
  notifications,
  events = noEvents,
  analytics = noAnalytics,
}: AppointmentsDeps) {
  const calendars = createBrokerCalendars({ db, clock });
  const queries = createAppointmentsQueries({ db, clock });

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
  async function scheduleReminders(
    scope: Scope,
    appt: AppointmentDetails,
    settings: SchedulingSettings,
    timeZone: string,
  ) {
    const now = clock.now().getTime();
    const client = await queries.clientChat(scope, appt);
    const brokerChat = await notifications.chatOfMember(scope, appt.userId);
    const broker = brokerChat ? { id: brokerChat.contactId } : null;
    const base = reminderPayload(appt, timeZone);
    const recipients = [
      ...(client ? [{ role: 'client' as const, chat: client }] : []),
      ...(broker ? [{ role: 'broker' as const, chat: broker }] : []),
    ];
    for (const offset of settings.reminderMinutes) {
      const dueAt = new Date(appt.startsAt.getTime() - offset * MINUTE_MS);
      if (dueAt.getTime() <= now) continue;
      for (const { role, chat } of recipients) {
        await reminders.schedule(scope, {
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
      await reminders.schedule(scope, {
        kind: 'appointment_followup',
        dueAt: appt.endsAt,
        dedupeKey: `appt:${appt.id}:followup:${broker.id}`,
        contactId: broker.id,
        userId: appt.userId,
        appointmentId: appt.id,
        payload: { ...base, role: 'broker' },
      });
      // No outcome by the next morning (10:00 office time): asked once more. recordOutcome drops both
      // questions (the same key prefix), a reschedule moves them, a cancel cancels them.
      await reminders.schedule(scope, {
        kind: 'appointment_followup',
        dueAt: atLocalTime(addLocalDays(localDateOf(appt.endsAt, timeZone), 1), NEXT_DAY_ASK_HOUR, 0, timeZone),
        dedupeKey: `appt:${appt.id}:followup:${broker.id}:next_day`,
        contactId: broker.id,
        userId: appt.userId,
        appointmentId: appt.id,
        payload: { ...base, role: 'broker', nextDay: true },
      });
    }
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

  /** Whether the booking's customer and property (when given) are the scope's office's. */
  async function ofOffice(scope: Scope, input: Pick<NewAppointment, 'customerId' | 'propertyId'>) {
    const organizationId = scope.organizationId;
    const customer = input.customerId
      ? await db.customer.findFirst({ where: { id: input.customerId, organizationId }, select: { id: true } })
      : true;
    const property = input.propertyId
      ? await db.property.findFirst({ where: { id: input.propertyId, organizationId }, select: { id: true } })
      : true;
    return Boolean(customer && property);
  }

  const isActive = (appt: AppointmentDetails) => (ACTIVE_STATUSES as readonly string[]).includes(appt.status);

  /** viewing.booked, .cancelled, .held, .no_show: counted for the viewing's broker */
  const viewingEvent = (scope: Scope, type: AnalyticsEventType, appt: AppointmentDetails) =>
    analytics.record(scope, {
      type,
      userId: appt.userId,
      entity: { type: 'appointment', id: appt.id },
      properties: {
        appointmentType: appt.type,
        startsAt: appt.startsAt.toISOString(),
        bookedByClient: appt.bookedByContactId !== null,
      },
    });

  /**
   * Audits the change, tells the office's webhooks when it is one of their events, and returns the
   * appointment as the scope may read it.
   */
  async function done(
    scope: Scope,
    action: string,
    appt: AppointmentDetails,
    details: Record<string, string | null>,
    event?: Extract<WebhookEvent, `appointment.${string}`>,
  ) {
    await audit(db, scope, {
      action,
      entityType: 'appointment',
      entityId: appt.id,
      details: { brokerId: appt.userId, customerId: appt.customerId, propertyId: appt.propertyId, ...details },
    });
    if (event) {
      await events.emit(scope, event, {
        appointment: {
          id: appt.id,
          brokerId: appt.userId,
          customerId: appt.customerId,
          propertyId: appt.propertyId,
          type: appt.type,
          status: appt.status,
          startsAt: appt.startsAt.toISOString(),
          endsAt: appt.endsAt.toISOString(),
          bookedByClient: appt.bookedByContactId !== null,
        },
      });
    }
    return ok(await presentAppointment(db, scope, appt));
  }

  return {
    /**
     * Books a viewing: checked against the rules first (to give the reason), then inserted under a
     * savepoint so that a concurrent booking of the same time (23P01) ends as SLOT_TAKEN without
     * aborting the caller's transaction. Schedules the reminders of both sides.
     */
    async book(scope: Scope, input: NewAppointment): AppointmentResult {
      authorize(scope, 'calendar', 'create', 'appointment.book');
      const title = input.title.trim().slice(0, 300);
      if (!title || Number.isNaN(input.startsAt.getTime())) return err('APPOINTMENT.INVALID_INPUT');
      const cal = await calendars.calendarOf(scope, input.userId);
      if (!cal) return err('APPOINTMENT.NOT_FOUND');
      // a customer or property of another office is not found: the viewing never links to them
      if (!(await ofOffice(scope, input))) return err('APPOINTMENT.NOT_FOUND');
      const reason = await calendars.check(scope, cal, input.userId, input.startsAt, input.actor);
      if (reason) return unavailable(reason);
      await ensureFeedToken(db, scope, input.userId);
      const minutes = cal.settings.viewingMinutes;
      const created = await guarded(() =>
        db.appointment.create({
          data: {
            organizationId: scope.organizationId,
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
      await scheduleReminders(scope, created, cal.settings, cal.timeZone);
      await viewingEvent(scope, 'viewing.booked', created);
      return done(
        scope,
        'appointment.booked',
        created,
        { startsAt: created.startsAt.toISOString() },
        'appointment.booked',
      );
    },

    /** Cancels an active appointment and drops every reminder it had. */
    async cancel(scope: Scope, input: { id: string; reason?: string }): AppointmentResult {
      authorize(scope, 'calendar', 'edit', 'appointment.cancel');
      const appt = await findAppointment(db, scope, input.id);
      if (!appt) return err('APPOINTMENT.NOT_FOUND');
      if (!isActive(appt)) return err('APPOINTMENT.NOT_ACTIVE');
      const updated = await db.appointment.update({
        where: { id: appt.id },
        data: { status: 'cancelled', cancelReason: input.reason?.slice(0, 500) ?? null, cancelledAt: clock.now() },
        include: appointmentInclude,
      });
      await reminders.cancel(scope, { appointmentId: appt.id });
      await viewingEvent(scope, 'viewing.cancelled', updated);
      return done(scope, 'appointment.cancelled', updated, {}, 'appointment.cancelled');
    },

    /** The client confirmed he is coming («ابو مشعل اكد الموعد»): a scheduled appointment becomes confirmed. */
    async confirm(scope: Scope, input: { id: string }): AppointmentResult {
      authorize(scope, 'calendar', 'edit', 'appointment.confirm');
      const appt = await findAppointment(db, scope, input.id);
      if (!appt) return err('APPOINTMENT.NOT_FOUND');
      if (!isActive(appt)) return err('APPOINTMENT.NOT_ACTIVE');
      if (appt.status === 'confirmed') return ok(await presentAppointment(db, scope, appt));
      const updated = await db.appointment.update({
        where: { id: appt.id },
        data: { status: 'confirmed' },
        include: appointmentInclude,
      });
      return done(scope, 'appointment.confirmed', updated, {});
    },

    /**
     * Moves an active appointment to `startsAt` (same length). The same checks and the same constraint
     * as booking; its reminders move with it.
     */
    async reschedule(scope: Scope, input: { id: string; startsAt: Date; actor: AppointmentActor }): AppointmentResult {
      authorize(scope, 'calendar', 'edit', 'appointment.reschedule');
      const appt = await findAppointment(db, scope, input.id);
      if (!appt) return err('APPOINTMENT.NOT_FOUND');
      if (!isActive(appt)) return err('APPOINTMENT.NOT_ACTIVE');
      const cal = await calendars.calendarOf(scope, appt.userId);
      if (!cal) return err('APPOINTMENT.NOT_FOUND');
      const reason = await calendars.check(
        scope,
        cal,
        appt.userId,
        input.startsAt,
        input.actor,
        appt.id,
        appt.durationMinutes,
      );
      if (reason) return unavailable(reason);
      await ensureFeedToken(db, scope, appt.userId);
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
      await reminders.cancel(scope, { appointmentId: appt.id });
      await scheduleReminders(scope, updated, cal.settings, cal.timeZone);
      return done(scope, 'appointment.rescheduled', updated, {
        from: appt.startsAt.toISOString(),
        startsAt: updated.startsAt.toISOString(),
      });
    },

    /**
     * How a viewing went: the appointment becomes completed or no_show (with the note), a customer
     * interaction of type viewing is logged (by the acting member, else the appointment's broker), and
     * the pending after-viewing question is dropped.
     */
    async recordOutcome(
      scope: Scope,
      input: { id: string; outcome: ViewingOutcome; note?: string },
    ): AppointmentResult {
      authorize(scope, 'calendar', 'edit', 'appointment.outcome');
      const appt = await findAppointment(db, scope, input.id);
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
            organizationId: scope.organizationId,
            customerId: appt.customerId,
            userId: scope.userId ?? appt.userId,
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
          where: { id: appt.customerId, organizationId: scope.organizationId },
          data: { lastContact: clock.now() },
        });
      }
      await reminders.cancel(scope, { dedupeKeyPrefix: `appt:${appt.id}:followup` });
      // completed once: telling the outcome again (a correction) is no new event
      const completed = input.outcome === 'completed' && appt.status !== 'completed';
      if (appt.status !== input.outcome) {
        await viewingEvent(scope, input.outcome === 'completed' ? 'viewing.held' : 'viewing.no_show', updated);
      }
      return done(
        scope,
        'appointment.outcome_recorded',
        updated,
        { outcome: input.outcome },
        completed ? 'appointment.completed' : undefined,
      );
    },
  };
}

export type AppointmentsService = ReturnType<typeof createAppointmentsService>;
