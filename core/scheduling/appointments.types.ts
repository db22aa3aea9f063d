// Viewings (appointments) of brokers: types, error codes and the organization's scheduling settings.
import { z } from 'zod';
import type { Prisma } from '../db/client.ts';
import type { Slot, UnavailableReason } from './slots.types.ts';

export type AppointmentErrorCode =
  /** the slot overlaps another appointment of the broker (found before the insert, or by the constraint) */
  | 'APPOINTMENT.SLOT_TAKEN'
  /** the time cannot be booked: details.reason is an UnavailableReason other than TAKEN */
  | 'APPOINTMENT.UNAVAILABLE'
  | 'APPOINTMENT.NOT_FOUND'
  /** cancelled, completed or no-show: it cannot change any more */
  | 'APPOINTMENT.NOT_ACTIVE'
  | 'APPOINTMENT.INVALID_INPUT';

/** Who acts on an appointment; clients are held to the minimum notice, brokers are not. */
export type AppointmentActor = 'client' | 'broker';

/**
 * Scheduling settings of an organization, read from `organizations.settings` (JSON). Every key is
 * optional; a missing or invalid value takes its default:
 *
 *     { "appointmentReminderMinutes": [1440, 120], "viewingMinutes": 60, "slotStepMinutes": 60,
 *       "appointmentBufferMinutes": 0, "minimumNoticeMinutes": 60, "bookingHorizonDays": 14 }
 */
export interface SchedulingSettings {
  /** reminders to both sides, in minutes before the start */
  reminderMinutes: number[];
  /** length of a viewing */
  viewingMinutes: number;
  /** distance between offered starts */
  stepMinutes: number;
  /** free time kept before and after each appointment */
  bufferMinutes: number;
  /** how far ahead of now a client may book at the earliest */
  minimumNoticeMinutes: number;
  /** how many days ahead free slots are searched */
  horizonDays: number;
}

const minutes = (max: number) => z.number().int().min(0).max(max);

const settingsSchema = z.object({
  appointmentReminderMinutes: z
    .array(
      z
        .number()
        .int()
        .min(1)
        .max(60 * 24 * 14),
    )
    .max(6)
    .optional()
    .catch(undefined),
  viewingMinutes: z.number().int().min(10).max(480).optional().catch(undefined),
  slotStepMinutes: z.number().int().min(5).max(480).optional().catch(undefined),
  appointmentBufferMinutes: minutes(240).optional().catch(undefined),
  minimumNoticeMinutes: minutes(60 * 24 * 7)
    .optional()
    .catch(undefined),
  bookingHorizonDays: z.number().int().min(1).max(90).optional().catch(undefined),
});

export const DEFAULT_REMINDER_MINUTES = [1440, 120];

export function schedulingSettings(json: unknown): SchedulingSettings {
  const parsed = settingsSchema.safeParse(json && typeof json === 'object' ? json : {});
  const s = parsed.success ? parsed.data : {};
  const viewingMinutes = s.viewingMinutes ?? 60;
  return {
    reminderMinutes: [...new Set(s.appointmentReminderMinutes ?? DEFAULT_REMINDER_MINUTES)].sort((a, b) => b - a),
    viewingMinutes,
    stepMinutes: s.slotStepMinutes ?? viewingMinutes,
    bufferMinutes: s.appointmentBufferMinutes ?? 0,
    minimumNoticeMinutes: s.minimumNoticeMinutes ?? 60,
    horizonDays: s.bookingHorizonDays ?? 14,
  };
}

/** What an appointment is shown with: its property, customer and broker. */
export const appointmentInclude = {
  property: {
    select: {
      id: true,
      refNumber: true,
      title: true,
      propertyType: true,
      listingType: true,
      city: true,
      district: true,
      mapsUrl: true,
      latitude: true,
      longitude: true,
    },
  },
  customer: { select: { id: true, name: true, phone: true } },
  user: { select: { id: true, name: true, phone: true, timeZone: true, language: true } },
} as const satisfies Prisma.AppointmentInclude;

export type AppointmentDetails = Prisma.AppointmentGetPayload<{ include: typeof appointmentInclude }>;

export interface NewAppointment {
  /** the broker whose calendar holds it */
  userId: string;
  startsAt: Date;
  actor: AppointmentActor;
  customerId?: string | null;
  propertyId?: string | null;
  title: string;
  location?: string | null;
  mapsUrl?: string | null;
  /** the client's chat, told of changes and reminded */
  bookedByContactId?: string | null;
  notes?: string | null;
}

export interface SlotOffer {
  /** why the requested time cannot be booked; null when it can or when no time was asked */
  reason: UnavailableReason | null;
  /** up to `count` free slots nearest the request, chronological */
  slots: Slot[];
  timeZone: string;
  viewingMinutes: number;
}

export type ViewingOutcome = 'completed' | 'no_show';

/** A contact's chat, where a client is told of changes and reminded. */
export interface ChatRef {
  id: string;
  channelAccountId: string;
  externalId: string;
  language: string | null;
}

/** What a viewing needs of its property: the broker, whether it can be seen, and where it is. */
export const viewablePropertySelect = {
  id: true,
  refNumber: true,
  title: true,
  userId: true,
  status: true,
  mapsUrl: true,
  propertyType: true,
  listingType: true,
  district: true,
  city: true,
} as const satisfies Prisma.PropertySelect;

export type ViewableProperty = Prisma.PropertyGetPayload<{ select: typeof viewablePropertySelect }>;
