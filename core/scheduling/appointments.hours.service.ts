// A broker's own calendar settings: weekly working hours and days off, holidays, and the secret link of
// his calendar feed. The broker is always a member of the scope's organization; another office's
// member is not found and nothing of his changes. A member changes his own calendar with calendar.edit;
// another broker's (one he sees) takes calendar.assign too. Changes are audited.
import { audit } from '../audit/audit.ts';
import type { DbTx, Prisma } from '../db/client.ts';
import { dayRange } from '../shared/periods.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import { actingMember, authorize, sees } from '../teams/authorize.ts';
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

/**
 * A change to the calendar of `userId`: calendar.edit; someone else's calendar also takes
 * calendar.assign, and him among the users the member sees.
 */
function authorizeCalendar(scope: Scope, userId: string | undefined, command: string) {
  authorize(scope, 'calendar', 'edit', command);
  const member = actingMember(scope);
  if (!member || !userId || userId === member.userId) return;
  authorize(scope, 'calendar', 'assign', command);
  if (!sees(scope, userId)) authorize(scope, 'calendar', 'viewAll', command);
}

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
      authorizeCalendar(scope, userId, 'calendar.hours');
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
      await audit(db, scope, {
        action: command.kind === 'day_off' ? 'working_hours.day_off' : 'working_hours.set',
        entityType: 'user',
        entityId: userId,
        details: { weekdays: weekdays.map(String) },
      });
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
      authorizeCalendar(scope, userId, 'calendar.holiday');
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
      await audit(db, scope, {
        action: 'holiday.added',
        entityType: 'holiday',
        entityId: holiday.id,
        details: { userId, from: input.from, to: input.to, clashes },
      });
      return ok({ id: holiday.id, clashes });
    },

    /**
     * The secret of the broker's calendar feed (created when missing); null for another office's member,
     * and for a broker the acting member does not see.
     */
    feedToken: async (scope: Scope, userId: string) =>
      sees(scope, userId) ? ensureFeedToken(db, scope, userId) : null,

    /** A new feed secret ("غير رابط التقويم"): the old link stops at once; null for another office's member. */
    async rotateFeedToken(scope: Scope, userId: string) {
      authorizeCalendar(scope, userId, 'calendar.feed');
      const token = await rotateFeedToken(db, scope, userId);
      if (token) await audit(db, scope, { action: 'calendar.feed_rotated', entityType: 'user', entityId: userId });
      return token;
    },

    /**
     * Whether the broker's feed shows his clients' phone numbers (users.preferences.calendarClientPhones,
     * off unless he asks: a leaked feed URL should not leak his clients). False for another office's member.
     */
    async setCalendarClientPhones(scope: Scope, userId: string, show: boolean): Promise<boolean> {
      authorizeCalendar(scope, userId, 'calendar.phones');
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
      await audit(db, scope, {
        action: show ? 'calendar.client_phones_shown' : 'calendar.client_phones_hidden',
        entityType: 'user',
        entityId: userId,
      });
      return true;
    },
  };
}

export type WorkingHoursService = ReturnType<typeof createWorkingHoursService>;
