// A broker's calendar as the slot computation sees it: his standing rules (working hours, holidays,
// date overrides), the organization's scheduling settings, and the busy time of his appointments. Read
// by the offer of free slots and by the checks before a booking or a reschedule.
import type { DbTx } from '../db/client.ts';
import type { Clock } from '../shared/clock.ts';
import type { Range } from '../shared/periods.ts';
import type { Scope } from '../shared/scope.ts';
import { type AppointmentActor, type SchedulingSettings, schedulingSettings } from './appointments.types.ts';
import { DEFAULT_TIME_ZONE, explainUnavailable } from './slots.ts';
import type {
  AvailabilityRules,
  BusyInterval,
  DateOverride,
  Holiday,
  LocalDate,
  UnavailableReason,
  Weekday,
  WorkingHours,
  WorkingInterval,
} from './slots.types.ts';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const ACTIVE_STATUSES = ['scheduled', 'confirmed'] as const;

export interface BrokerCalendar {
  timeZone: string;
  settings: SchedulingSettings;
  rules: AvailabilityRules;
}

const dateOnly = (d: Date): LocalDate => d.toISOString().slice(0, 10);

export function createBrokerCalendars({ db, clock }: { db: DbTx; clock: Clock }) {
  /** The broker's rules and the organization's settings; null when he is not of the scope's organization. */
  async function calendarOf(scope: Scope, userId: string): Promise<BrokerCalendar | null> {
    const organizationId = scope.organizationId;
    const user = await db.user.findFirst({
      where: { id: userId, organizationId },
      select: { timeZone: true, organization: { select: { settings: true, timeZone: true } } },
    });
    if (!user) return null;
    const settings = schedulingSettings(user.organization.settings);
    const hours = await db.workingHours.findMany({ where: { organizationId, userId, isActive: true } });
    const holidays = await db.holiday.findMany({
      where: { organizationId, OR: [{ userId }, { userId: null }] },
      select: { startDate: true, endDate: true, reason: true },
    });
    const overrides = await db.availabilityOverride.findMany({ where: { organizationId, userId } });
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

  async function busyOf(scope: Scope, userId: string, window: Range, excludeId?: string): Promise<BusyInterval[]> {
    const rows = await db.appointment.findMany({
      where: {
        organizationId: scope.organizationId,
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
    scope: Scope,
    cal: BrokerCalendar,
    userId: string,
    start: Date,
    actor: AppointmentActor,
    excludeId?: string,
    minutes = cal.settings.viewingMinutes,
  ): Promise<UnavailableReason | null> {
    // Past the booking horizon nothing is offered, so nothing may be booked there either (a date typed
    // a month ahead used to be booked as asked).
    if (start.getTime() > clock.now().getTime() + (cal.settings.horizonDays + 1) * DAY_MS) return 'TOO_FAR';
    const pad = (cal.settings.bufferMinutes + minutes) * MINUTE_MS;
    const busy = await busyOf(
      scope,
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

  return { calendarOf, busyOf, check };
}

export type BrokerCalendars = ReturnType<typeof createBrokerCalendars>;
