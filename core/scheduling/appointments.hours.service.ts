// A broker's own calendar settings: weekly working hours and days off, holidays, and the secret link of
// his calendar feed. The broker is always a member of the scope's organization; another office's
// member is not found and nothing of his changes.
import type { DbTx, Prisma } from '../db/client.ts';
import { dayRange } from '../shared/periods.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import { ACTIVE_STATUSES } from './appointments.availability.ts';
import { CALENDAR_PHONES_PREF } from './appointments.calendar.ts';
import { ensureFeedToken, rotateFeedToken } from './appointments.feed-token.ts';
import type { AppointmentErrorCode } from './appointments.types.ts';
import { DEFAULT_TIME_ZONE } from './slots.ts';
import type { LocalDate, Weekday } from './slots.types.ts';
import { type AvailabilityCommand, toWorkingHoursRow } from './working-hours.ts';

const asObject = (v: unknown): Prisma.InputJsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Prisma.InputJsonObject) : {};

/** Hours without named days apply to the days he works now; a broker with none works Saturday to Thursday. */
const DEFAULT_WEEKDAYS: Weekday[] = [0, 1, 2, 3, 4, 6];

export function createWorkingHoursService({ db }: { db: DbTx }) {
  const memberOf = (scope: Scope, userId: string) =>
    db.user.findFirst({ where: { id: userId, organizationId: scope.organizationId }, select: { timeZone: true } });

  return {
    /** The broker's active weekly hours ("وش دوامي؟"), by weekday then start. */
    async workingHoursOf(scope: Scope, userId = scope.userId) {
      if (!userId) return [];
      return db.workingHours.findMany({
        where: { organizationId: scope.organizationId, userId, isActive: true },
        orderBy: [{ weekday: 'asc' }, { startTime: 'asc' }],
        select: { weekday: true, startTime: true, endTime: true, breakStart: true, breakEnd: true },
      });
    },

    /**
     * Weekly working hours or a recurring day off of the broker `userId` (the acting member when
     * omitted). Returns the weekdays changed.
     */
    async setWorkingHours(
      scope: Scope,
      command: Extract<AvailabilityCommand, { kind: 'hours' | 'day_off' }>,
      userId = scope.userId,
    ): Promise<Result<Weekday[], AppointmentErrorCode>> {
      if (!userId || !(await memberOf(scope, userId))) return err('APPOINTMENT.NOT_FOUND');
      const organizationId = scope.organizationId;
      let weekdays = command.weekdays;
      if (!weekdays) {
        const active = await db.workingHours.findMany({
          where: { organizationId, userId, isActive: true },
          select: { weekday: true },
        });
        weekdays = active.length ? active.map((r) => r.weekday as Weekday) : DEFAULT_WEEKDAYS;
      }
      weekdays = [...new Set(weekdays)].sort((a, b) => a - b);
      for (const weekday of weekdays) {
        if (command.kind === 'day_off') {
          await db.workingHours.updateMany({ where: { organizationId, userId, weekday }, data: { isActive: false } });
          continue;
        }
        const row = toWorkingHoursRow(command.intervals);
        await db.workingHours.upsert({
          where: { userId_weekday: { userId, weekday } },
          create: { organizationId, userId, weekday, ...row, isActive: true },
          update: { ...row, isActive: true },
        });
      }
      return ok(weekdays);
    },

    /**
     * A holiday of the broker `userId` (the acting member when omitted; local dates, inclusive) and how
     * many of his appointments fall in it.
     */
    async addHoliday(
      scope: Scope,
      input: { from: LocalDate; to: LocalDate; reason?: string },
      userId = scope.userId,
    ): Promise<Result<{ id: string; clashes: number }, AppointmentErrorCode>> {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.from) || !/^\d{4}-\d{2}-\d{2}$/.test(input.to) || input.to < input.from) {
        return err('APPOINTMENT.INVALID_INPUT');
      }
      const user = userId ? await memberOf(scope, userId) : null;
      if (!userId || !user) return err('APPOINTMENT.NOT_FOUND');
      const holiday = await db.holiday.create({
        data: {
          organizationId: scope.organizationId,
          userId,
          startDate: new Date(`${input.from}T00:00:00Z`),
          endDate: new Date(`${input.to}T00:00:00Z`),
          reason: input.reason?.slice(0, 200) ?? null,
        },
      });
      const tz = user.timeZone || DEFAULT_TIME_ZONE;
      const clashes = await db.appointment.count({
        where: {
          organizationId: scope.organizationId,
          userId,
          status: { in: [...ACTIVE_STATUSES] },
          startsAt: { gte: dayRange(input.from, tz).from, lt: dayRange(input.to, tz).to },
        },
      });
      return ok({ id: holiday.id, clashes });
    },

    /** The secret of the broker's calendar feed (created when missing); null for another office's member. */
    feedToken: (scope: Scope, userId: string) => ensureFeedToken(db, scope, userId),

    /** A new feed secret ("غير رابط التقويم"): the old link stops at once; null for another office's member. */
    rotateFeedToken: (scope: Scope, userId: string) => rotateFeedToken(db, scope, userId),

    /**
     * Whether the broker's feed shows his clients' phone numbers (users.preferences.calendarClientPhones,
     * off unless he asks: a leaked feed URL should not leak his clients). False for another office's member.
     */
    async setCalendarClientPhones(scope: Scope, userId: string, show: boolean): Promise<boolean> {
      const user = await db.user.findFirst({
        where: { id: userId, organizationId: scope.organizationId },
        select: { preferences: true },
      });
      if (!user) return false;
      const prefs = asObject(user.preferences);
      await db.user.updateMany({
        where: { id: userId, organizationId: scope.organizationId },
        data: { preferences: { ...prefs, [CALENDAR_PHONES_PREF]: show } },
      });
      return true;
    },
  };
}

export type WorkingHoursService = ReturnType<typeof createWorkingHoursService>;
