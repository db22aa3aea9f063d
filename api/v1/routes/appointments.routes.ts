// /appointments: the viewings of the brokers the caller sees, a broker's free slots, and booking,
// moving, cancelling and closing a viewing. Core decides everything (core/scheduling): the same working
// hours, holidays, buffer and booking horizon as in the chat, and a booking that can never overlap
// another (the database's exclusion constraint: 409 APPOINTMENT.SLOT_TAKEN).

import { APPOINTMENT_SORTS, MAX_SLOT_SPAN_DAYS } from '../../../core/scheduling/appointments.queries.ts';
import type { AppointmentDetails } from '../../../core/scheduling/appointments.types.ts';
import { authorize } from '../../../core/teams/authorize.ts';
import { answer, defineResource, failure, fromResult, operation } from '../kit.ts';
import { csv, IdParams, iso, isoOrNull, pageOf, pageQuery, sortQuery, Timestamp, z } from '../schemas.ts';

const STATUSES = ['scheduled', 'confirmed', 'cancelled', 'completed', 'no_show'] as const;
const TYPES = ['viewing', 'meeting', 'signing', 'follow_up', 'other'] as const;
const DAY_MS = 86_400_000;

/** An instant in a request: ISO 8601 with Z or an offset (+03:00). */
const Instant = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-23T10:00:00+03:00' });

const Appointment = z
  .object({
    id: z.uuid(),
    title: z.string(),
    type: z.enum(TYPES),
    status: z.enum(STATUSES),
    startsAt: Timestamp,
    endsAt: Timestamp,
    durationMinutes: z.number().int(),
    broker: z.object({ id: z.uuid(), name: z.string() }),
    customer: z
      .object({
        id: z.uuid(),
        name: z.string(),
        phone: z.string().nullable().openapi({ description: 'in full for his broker and managers, else masked' }),
      })
      .nullable(),
    property: z
      .object({
        id: z.uuid(),
        refNumber: z.number().int(),
        title: z.string(),
        city: z.string(),
        district: z.string().nullable(),
      })
      .nullable(),
    location: z.string().nullable(),
    mapsUrl: z.string().nullable(),
    notes: z.string().nullable(),
    outcome: z.string().nullable(),
    cancelReason: z.string().nullable(),
    cancelledAt: Timestamp.nullable(),
    bookedByClient: z.boolean().openapi({ description: 'booked by a client in chat' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Appointment');

const toJson = (a: AppointmentDetails) => ({
  id: a.id,
  title: a.title,
  type: a.type,
  status: a.status,
  startsAt: iso(a.startsAt),
  endsAt: iso(a.endsAt),
  durationMinutes: a.durationMinutes,
  broker: { id: a.user.id, name: a.user.name },
  customer: a.customer ? { id: a.customer.id, name: a.customer.name, phone: a.customer.phone } : null,
  property: a.property
    ? {
        id: a.property.id,
        refNumber: a.property.refNumber,
        title: a.property.title,
        city: a.property.city,
        district: a.property.district,
      }
    : null,
  location: a.location,
  mapsUrl: a.mapsUrl ?? a.property?.mapsUrl ?? null,
  notes: a.notes,
  outcome: a.outcome,
  cancelReason: a.cancelReason,
  cancelledAt: isoOrNull(a.cancelledAt),
  bookedByClient: a.bookedByContactId !== null,
  createdAt: iso(a.createdAt),
  updatedAt: iso(a.updatedAt),
});

const ListQuery = z.object({
  ...pageQuery,
  sort: sortQuery(['startsAt', 'createdAt'] as const, 'startsAt'),
  broker: csv(z.uuid()).optional().openapi({ description: "brokers' member ids, comma-separated" }),
  customerId: z.uuid().optional(),
  propertyId: z.uuid().optional(),
  status: csv(z.enum(STATUSES)).optional().openapi({ description: 'comma-separated; default: every status' }),
  from: Instant.optional().openapi({ description: 'starting at or after' }),
  to: Instant.optional().openapi({ description: 'starting before' }),
});

/** Who the slots are for: a broker's own booking (no notice), or a client's (the office's minimum notice). */
const For = z
  .enum(['broker', 'client'])
  .default('broker')
  .openapi({ description: "client: held to the office's minimum notice, as a client booking in chat" });

const SlotsQuery = z
  .object({
    broker: z.uuid().openapi({ description: "the broker's member id" }),
    from: Instant,
    to: Instant,
    for: For,
  })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { message: 'to must be after from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_SLOT_SPAN_DAYS * DAY_MS, {
    message: `at most ${MAX_SLOT_SPAN_DAYS} days`,
    path: ['to'],
  });

const Slots = z
  .object({
    brokerId: z.uuid(),
    timeZone: z.string().openapi({ example: 'Asia/Riyadh' }),
    viewingMinutes: z.number().int(),
    slots: z.array(z.object({ start: Timestamp, end: Timestamp })),
  })
  .openapi('Slots');

const NewAppointment = z
  .object({
    brokerId: z.uuid().openapi({ description: 'whose calendar' }),
    startsAt: Instant,
    title: z.string().trim().min(1).max(300).openapi({ example: 'معاينة فيلا النرجس' }),
    customerId: z.uuid().optional(),
    propertyId: z.uuid().optional(),
    location: z.string().trim().max(500).optional(),
    mapsUrl: z.url().max(1000).optional(),
    notes: z.string().trim().max(2000).optional(),
    for: For,
  })
  .openapi('NewAppointment');

const Reschedule = z.object({ startsAt: Instant, for: For }).openapi('RescheduleAppointment');
const Cancel = z.object({ reason: z.string().trim().max(500).optional() }).openapi('CancelAppointment');
const Complete = z
  .object({
    outcome: z.enum(['completed', 'no_show']).openapi({ description: 'completed, or the client did not come' }),
    note: z.string().trim().max(2000).optional(),
  })
  .openapi('CompleteAppointment');

const ACTION_ERRORS = ['APPOINTMENT.NOT_FOUND', 'APPOINTMENT.NOT_ACTIVE'] as const;

export const appointmentsResource = defineResource(
  'appointments',
  "Viewings in the brokers' calendars: lists, free slots, booking, moving, cancelling and their outcome.",
  [
    operation({
      operationId: 'listAppointments',
      method: 'get',
      path: '/appointments',
      summary: 'List appointments',
      description:
        "The viewings you see: yours and your teams' (or of customers assigned to them); the whole office " +
        'for managers. Chronological by default; past, cancelled and closed ones included unless filtered.',
      query: ListQuery,
      success: { status: 200, description: 'a page of appointments', schema: pageOf(Appointment, 'AppointmentPage') },
      handler: async ({ core, scope, query, pageRequest, pageAnswer }) => {
        const req = pageRequest(query, APPOINTMENT_SORTS);
        const page = await core.appointments.page(
          scope,
          {
            userIds: query.broker,
            customerId: query.customerId,
            propertyId: query.propertyId,
            status: query.status,
            from: query.from ? new Date(query.from) : undefined,
            to: query.to ? new Date(query.to) : undefined,
          },
          req,
        );
        return pageAnswer(query, page, toJson);
      },
    }),
    operation({
      operationId: 'listSlots',
      method: 'get',
      path: '/appointments/slots',
      summary: "A broker's free slots",
      description:
        `Every free slot starting in [from, to) (at most ${MAX_SLOT_SPAN_DAYS} days), never in the past nor past ` +
        "the office's booking horizon; computed like booking checks (working hours, breaks, holidays, buffer, " +
        'other viewings), so a listed slot books unless someone takes it first.',
      query: SlotsQuery,
      success: { status: 200, description: 'the free slots, chronological', schema: Slots },
      errors: ['MEMBER.NOT_FOUND'],
      handler: async ({ core, scope, query }) => {
        const found = await core.appointments.slots(scope, {
          userId: query.broker,
          from: new Date(query.from),
          to: new Date(query.to),
          actor: query.for,
        });
        if (!found) return failure('MEMBER.NOT_FOUND');
        return answer({
          brokerId: query.broker,
          timeZone: found.timeZone,
          viewingMinutes: found.viewingMinutes,
          slots: found.slots.map((s) => ({ start: iso(s.start), end: iso(s.end) })),
        });
      },
    }),
    operation({
      operationId: 'getAppointment',
      method: 'get',
      path: '/appointments/{id}',
      summary: 'Get an appointment',
      params: IdParams,
      success: { status: 200, description: 'the appointment', schema: Appointment },
      errors: ['APPOINTMENT.NOT_FOUND'],
      handler: async ({ core, scope, params }) => {
        const found = await core.appointments.get(scope, params.id);
        return found ? answer(toJson(found), { version: found }) : failure('APPOINTMENT.NOT_FOUND');
      },
    }),
    operation({
      operationId: 'bookAppointment',
      method: 'post',
      path: '/appointments',
      summary: 'Book a viewing',
      description:
        "Books the time if it is free by the broker's rules; 409 APPOINTMENT.SLOT_TAKEN when another viewing " +
        'holds it (even one booked a moment earlier), 409 APPOINTMENT.UNAVAILABLE with `details.reason` ' +
        '(PAST, NOTICE, FRIDAY_OR_DAY_OFF, HOLIDAY, OUTSIDE_HOURS, BREAK, TOO_FAR) otherwise. Reminders go to ' +
        'both sides as in the chat.',
      body: NewAppointment,
      success: { status: 201, description: 'the booked appointment', schema: Appointment },
      errors: [
        'APPOINTMENT.NOT_FOUND',
        'APPOINTMENT.SLOT_TAKEN',
        'APPOINTMENT.UNAVAILABLE',
        'APPOINTMENT.INVALID_INPUT',
      ],
      handler: async ({ write, scope, body }) =>
        fromResult(
          await write((core) =>
            core.appointments.book(scope, {
              userId: body.brokerId,
              startsAt: new Date(body.startsAt),
              actor: body.for,
              title: body.title,
              customerId: body.customerId ?? null,
              propertyId: body.propertyId ?? null,
              location: body.location ?? null,
              mapsUrl: body.mapsUrl ?? null,
              notes: body.notes ?? null,
            }),
          ),
          toJson,
          { version: (a) => a },
        ),
    }),
    operation({
      operationId: 'rescheduleAppointment',
      method: 'post',
      path: '/appointments/{id}/reschedule',
      summary: 'Move an appointment',
      description:
        'Same length, same checks as booking; its reminders move with it. Send the ETag you read as If-Match.',
      params: IdParams,
      body: Reschedule,
      ifMatch: true,
      success: { status: 200, description: 'the moved appointment', schema: Appointment },
      errors: [...ACTION_ERRORS, 'APPOINTMENT.SLOT_TAKEN', 'APPOINTMENT.UNAVAILABLE'],
      handler: async ({ write, scope, params, body, ifMatch }) =>
        fromResult(
          await write(async (core) => {
            // refused before anything is read, as core would (an observer: 403, not 404)
            authorize(scope, 'calendar', 'edit', 'appointment.reschedule');
            const current = await core.appointments.get(scope, params.id);
            if (!current) return { ok: false, error: { code: 'APPOINTMENT.NOT_FOUND' } } as const;
            ifMatch(current);
            return core.appointments.reschedule(scope, {
              id: params.id,
              startsAt: new Date(body.startsAt),
              actor: body.for,
            });
          }),
          toJson,
          { version: (a) => a },
        ),
    }),
    operation({
      operationId: 'cancelAppointment',
      method: 'post',
      path: '/appointments/{id}/cancel',
      summary: 'Cancel an appointment',
      description: 'Its reminders are dropped. A cancelled, completed or missed one cannot be cancelled (409).',
      params: IdParams,
      body: Cancel,
      ifMatch: true,
      success: { status: 200, description: 'the cancelled appointment', schema: Appointment },
      errors: ACTION_ERRORS,
      handler: async ({ write, scope, params, body, ifMatch }) =>
        fromResult(
          await write(async (core) => {
            // refused before anything is read, as core would (an observer: 403, not 404)
            authorize(scope, 'calendar', 'edit', 'appointment.cancel');
            const current = await core.appointments.get(scope, params.id);
            if (!current) return { ok: false, error: { code: 'APPOINTMENT.NOT_FOUND' } } as const;
            ifMatch(current);
            return core.appointments.cancel(scope, { id: params.id, reason: body.reason });
          }),
          toJson,
          { version: (a) => a },
        ),
    }),
    operation({
      operationId: 'completeAppointment',
      method: 'post',
      path: '/appointments/{id}/complete',
      summary: 'Record how a viewing went',
      description:
        "`completed` or `no_show`, with a note: the customer's history gets the viewing, and the broker is no " +
        'longer asked about it. A cancelled appointment has no outcome (409).',
      params: IdParams,
      body: Complete,
      ifMatch: true,
      success: { status: 200, description: 'the closed appointment', schema: Appointment },
      errors: ACTION_ERRORS,
      handler: async ({ write, scope, params, body, ifMatch }) =>
        fromResult(
          await write(async (core) => {
            // refused before anything is read, as core would (an observer: 403, not 404)
            authorize(scope, 'calendar', 'edit', 'appointment.outcome');
            const current = await core.appointments.get(scope, params.id);
            if (!current) return { ok: false, error: { code: 'APPOINTMENT.NOT_FOUND' } } as const;
            ifMatch(current);
            return core.appointments.recordOutcome(scope, { id: params.id, outcome: body.outcome, note: body.note });
          }),
          toJson,
          { version: (a) => a },
        ),
    }),
  ],
);
