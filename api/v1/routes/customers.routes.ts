// /customers: the office's leads and clients, their history (activities, notes, interactions,
// follow-ups) and their assignment. Core decides who sees whom and whose phone is shown (masked
// otherwise); a customer the caller does not see is a 404 like one that does not exist.
import { CUSTOMER_SORTS } from '../../../core/customers/customers.queries.ts';
import {
  type Customer as CoreCustomer,
  CUSTOMER_CATEGORIES,
  CUSTOMER_STATUSES,
  INTEREST_LEVELS,
} from '../../../core/customers/customers.types.ts';
import { authorize } from '../../../core/teams/authorize.ts';
import { defineResource, failure, fromResult, operation } from '../kit.ts';
import { ProblemError } from '../problems.ts';
import { csv, IdParams, iso, isoOrNull, pageOf, pageQuery, sortQuery, Timestamp, z } from '../schemas.ts';

const sar = z.number().int().positive().max(2_000_000_000);
const places = (max: number) => z.array(z.string().trim().min(1).max(100)).max(max);

const Customer = z
  .object({
    id: z.uuid(),
    name: z.string(),
    phone: z.string().nullable().openapi({
      description: "E.164; masked (•) unless you are the customer's broker or see the whole office",
      example: '+966551234567',
    }),
    email: z.string().nullable(),
    category: z.enum(CUSTOMER_CATEGORIES),
    interestLevel: z.enum(INTEREST_LEVELS),
    status: z.enum(CUSTOMER_STATUSES),
    source: z.string().nullable(),
    isVip: z.boolean(),
    budgetMin: z.number().int().nullable().openapi({ description: 'SAR' }),
    budgetMax: z.number().int().nullable().openapi({ description: 'SAR' }),
    preferredCities: z.array(z.string()),
    preferredDistricts: z.array(z.string()),
    propertyTypes: z.array(z.string()),
    notes: z.string().nullable(),
    assignedToId: z.uuid().nullable().openapi({ description: 'the broker the customer is assigned to' }),
    createdById: z.uuid().nullable(),
    lastContact: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Customer');

export const customerJson = (c: CoreCustomer) => ({
  id: c.id,
  name: c.name,
  phone: c.phone,
  email: c.email,
  category: c.category,
  interestLevel: c.interestLevel,
  status: c.status,
  source: c.source,
  isVip: c.isVip,
  budgetMin: c.budgetMin,
  budgetMax: c.budgetMax,
  preferredCities: c.preferredCities,
  preferredDistricts: c.preferredDistricts,
  propertyTypes: c.propertyTypes,
  notes: c.notes,
  assignedToId: c.assignedToId,
  createdById: c.createdById,
  lastContact: isoOrNull(c.lastContact),
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
});

const NewCustomer = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: 'أبو فهد' }),
    phone: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .optional()
      .openapi({ description: 'any spelling; stored in E.164', example: '0551234567' }),
    email: z.email().optional(),
    category: z.enum(CUSTOMER_CATEGORIES).optional(),
    interestLevel: z.enum(INTEREST_LEVELS).optional(),
    status: z.enum(CUSTOMER_STATUSES).optional(),
    source: z.string().trim().max(100).optional().openapi({ example: 'website' }),
    budgetMin: sar.optional(),
    budgetMax: sar.optional(),
    preferredCities: places(20).optional(),
    preferredDistricts: places(50).optional(),
    propertyTypes: places(20).optional(),
    notes: z.string().max(5_000).optional(),
    assignedToId: z.uuid().optional().openapi({ description: 'a member of the office; default: the caller' }),
  })
  .openapi('NewCustomer');

const CustomerPatch = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    phone: z.string().trim().min(1).max(40).optional(),
    email: z.email().optional(),
    category: z.enum(CUSTOMER_CATEGORIES).optional(),
    interestLevel: z.enum(INTEREST_LEVELS).optional(),
    status: z.enum(CUSTOMER_STATUSES).optional(),
    isVip: z.boolean().optional(),
    budgetMin: sar.nullable().optional(),
    budgetMax: sar.nullable().optional(),
    preferredCities: places(20).optional(),
    preferredDistricts: places(50).optional(),
    propertyTypes: places(20).optional(),
    notes: z.string().max(5_000).optional(),
  })
  .strict()
  .openapi('CustomerPatch');

const ListQuery = z.object({
  ...pageQuery,
  sort: sortQuery(['createdAt', 'updatedAt', 'name'] as const, '-createdAt'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: 'a phone (exact, any spelling) or part of the name' }),
  status: csv(z.enum(CUSTOMER_STATUSES))
    .optional()
    .openapi({ description: 'comma-separated; default: all but inactive (deleted)' }),
  category: csv(z.enum(CUSTOMER_CATEGORIES)).optional().openapi({ description: 'comma-separated' }),
  assignedTo: csv(z.uuid()).optional().openapi({ description: "the brokers' member ids, comma-separated" }),
  city: z.string().trim().min(1).max(100).optional().openapi({ description: 'a preferred city' }),
  propertyType: z.string().trim().min(1).max(40).optional(),
  budgetMin: z.coerce
    .number()
    .int()
    .min(0)
    .max(2_000_000_000)
    .optional()
    .openapi({ description: 'budget overlapping this range (SAR)' }),
  budgetMax: z.coerce.number().int().min(0).max(2_000_000_000).optional(),
  createdFrom: z.iso.datetime().optional(),
  createdTo: z.iso.datetime().optional(),
});

const HistoryQuery = z.object({ ...pageQuery, sort: sortQuery(['createdAt'] as const, '-createdAt') });

const Activity = z
  .object({
    id: z.uuid(),
    type: z.string(),
    description: z.string(),
    userId: z.uuid().nullable(),
    createdAt: Timestamp,
  })
  .openapi('CustomerActivity');
const Note = z
  .object({ id: z.uuid(), text: z.string(), userId: z.uuid().nullable(), createdAt: Timestamp })
  .openapi('CustomerNote');
const INTERACTION_TYPES = ['call', 'whatsapp', 'email', 'meeting', 'viewing', 'sms', 'other'] as const;
const Interaction = z
  .object({
    id: z.uuid(),
    type: z.enum(INTERACTION_TYPES),
    direction: z.string().nullable(),
    summary: z.string().nullable(),
    outcome: z.string().nullable(),
    durationMinutes: z.number().int().nullable(),
    occurredAt: Timestamp,
    userId: z.uuid().nullable(),
    createdAt: Timestamp,
  })
  .openapi('CustomerInteraction');
const Followup = z
  .object({
    id: z.uuid(),
    type: z.string(),
    dueAt: Timestamp,
    notes: z.string().nullable(),
    status: z.enum(['pending', 'done', 'skipped', 'cancelled']),
    completedAt: Timestamp.nullable(),
    userId: z.uuid().nullable(),
    taskId: z.uuid().nullable().openapi({ description: 'the task that carries it: done, moved and cancelled with it' }),
    createdAt: Timestamp,
  })
  .openapi('CustomerFollowup');

const Done = z.object({ ok: z.literal(true) }).openapi('Done');

const historySorts = { createdAt: { column: 'created_at', kind: 'timestamp' } } as const;

export const customersResource = defineResource(
  'customers',
  "The office's customers (leads and clients), their history and assignment.",
  [
    operation({
      operationId: 'listCustomers',
      method: 'get',
      path: '/customers',
      summary: 'List customers',
      description: "The customers you see (yours and your teams', or the whole office), newest first by default.",
      query: ListQuery,
      success: { status: 200, description: 'a page of customers', schema: pageOf(Customer, 'CustomerPage') },
      handler: async ({ core, scope, query, pageRequest, pageAnswer }) => {
        const req = pageRequest(query, CUSTOMER_SORTS);
        const page = await core.customers.page(
          scope,
          {
            q: query.q,
            status: query.status,
            category: query.category,
            assignedToIds: query.assignedTo,
            city: query.city,
            propertyType: query.propertyType,
            budgetMin: query.budgetMin,
            budgetMax: query.budgetMax,
            createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
            createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
          },
          req,
        );
        return pageAnswer(query, page, customerJson);
      },
    }),
    operation({
      operationId: 'createCustomer',
      method: 'post',
      path: '/customers',
      summary: 'Create a customer',
      body: NewCustomer,
      success: { status: 201, description: 'the customer', schema: Customer },
      errors: ['CUSTOMER.INVALID_INPUT', 'CUSTOMER.INVALID_PHONE', 'CUSTOMER.DUPLICATE_PHONE', 'MEMBER.NOT_FOUND'],
      handler: async ({ write, scope, body }) =>
        fromResult(
          await write(async (core) => {
            if (body.assignedToId && !(await core.customers.isActiveMember(scope, body.assignedToId)))
              throw new ProblemError('MEMBER.NOT_FOUND');
            return core.customers.create(scope, body);
          }),
          customerJson,
          { version: (c) => c },
        ),
    }),
    operation({
      operationId: 'getCustomer',
      method: 'get',
      path: '/customers/{id}',
      summary: 'Get a customer',
      params: IdParams,
      success: { status: 200, description: 'the customer', schema: Customer },
      errors: ['CUSTOMER.NOT_FOUND'],
      handler: async ({ core, scope, params }) =>
        fromResult(await core.customers.get(scope, params.id), customerJson, { version: (c) => c }),
    }),
    operation({
      operationId: 'updateCustomer',
      method: 'patch',
      path: '/customers/{id}',
      summary: 'Update a customer',
      description:
        'Send the ETag you read as If-Match to refuse the change (412) if someone changed the customer since.',
      params: IdParams,
      body: CustomerPatch,
      ifMatch: true,
      success: { status: 200, description: 'the customer', schema: Customer },
      errors: ['CUSTOMER.NOT_FOUND', 'CUSTOMER.INVALID_INPUT', 'CUSTOMER.INVALID_PHONE', 'CUSTOMER.DUPLICATE_PHONE'],
      handler: async ({ write, scope, params, body, ifMatch }) =>
        fromResult(
          await write(async (core) => {
            // refused before anything is read, as core would: a refusal says nothing about the id
            authorize(scope, 'crm', 'edit', 'customer.update');
            const current = await core.customers.get(scope, params.id);
            if (current.ok) ifMatch(current.value);
            return current.ok ? core.customers.update(scope, params.id, body) : current;
          }),
          customerJson,
          { version: (c) => c },
        ),
    }),
    operation({
      operationId: 'deleteCustomer',
      method: 'delete',
      path: '/customers/{id}',
      summary: 'Delete a customer',
      description:
        'A soft delete: the customer becomes inactive (out of lists unless asked for by status); his deals and history stay.',
      params: IdParams,
      ifMatch: true,
      success: { status: 200, description: 'the customer, now inactive', schema: Customer },
      errors: ['CUSTOMER.NOT_FOUND'],
      handler: async ({ write, scope, params, ifMatch }) =>
        fromResult(
          await write(async (core) => {
            authorize(scope, 'crm', 'delete', 'customer.delete');
            const current = await core.customers.get(scope, params.id);
            if (current.ok) ifMatch(current.value);
            return current.ok ? core.customers.remove(scope, params.id) : current;
          }),
          customerJson,
          { version: (c) => c },
        ),
    }),
    operation({
      operationId: 'assignCustomer',
      method: 'post',
      path: '/customers/{id}/assign',
      summary: 'Assign a customer to a member',
      description:
        'Giving a customer to someone else needs crm.assign (a broker, a manager, the owner); `assigneeId: null` leaves him to the office.',
      params: IdParams,
      body: z.object({ assigneeId: z.uuid().nullable() }).openapi('CustomerAssignment'),
      success: { status: 200, description: 'the customer', schema: Customer },
      errors: ['CUSTOMER.NOT_FOUND', 'MEMBER.NOT_FOUND'],
      handler: async ({ write, scope, params, body }) =>
        fromResult(
          await write(async (core) => {
            authorize(scope, 'crm', 'edit', 'customer.assign');
            // giving a customer to someone else is crm.assign (core checks it too, after finding him)
            if (body.assigneeId !== scope.userId) authorize(scope, 'crm', 'assign', 'customer.assign');
            const current = await core.customers.get(scope, params.id);
            if (!current.ok) return current;
            if (body.assigneeId && !(await core.customers.isActiveMember(scope, body.assigneeId)))
              throw new ProblemError('MEMBER.NOT_FOUND');
            return core.customers.update(scope, params.id, { assignedToId: body.assigneeId });
          }),
          customerJson,
          { version: (c) => c },
        ),
    }),
    operation({
      operationId: 'listCustomerActivities',
      method: 'get',
      path: '/customers/{id}/activities',
      summary: "A customer's activity log",
      params: IdParams,
      query: HistoryQuery,
      success: { status: 200, description: 'a page of activities', schema: pageOf(Activity, 'CustomerActivityPage') },
      errors: ['CUSTOMER.NOT_FOUND'],
      handler: async ({ core, scope, params, query, pageRequest, pageAnswer }) => {
        const page = await core.customers.activities(scope, params.id, pageRequest(query, historySorts));
        if (!page) return failure('CUSTOMER.NOT_FOUND');
        return pageAnswer(query, page, (a) => ({ ...a, createdAt: iso(a.createdAt) }));
      },
    }),
    operation({
      operationId: 'listCustomerNotes',
      method: 'get',
      path: '/customers/{id}/notes',
      summary: "A customer's notes",
      params: IdParams,
      query: HistoryQuery,
      success: { status: 200, description: 'a page of notes', schema: pageOf(Note, 'CustomerNotePage') },
      errors: ['CUSTOMER.NOT_FOUND'],
      handler: async ({ core, scope, params, query, pageRequest, pageAnswer }) => {
        const page = await core.customers.activities(scope, params.id, pageRequest(query, historySorts), 'note');
        if (!page) return failure('CUSTOMER.NOT_FOUND');
        return pageAnswer(query, page, (a) => ({
          id: a.id,
          text: a.description,
          userId: a.userId,
          createdAt: iso(a.createdAt),
        }));
      },
    }),
    operation({
      operationId: 'addCustomerNote',
      method: 'post',
      path: '/customers/{id}/notes',
      summary: 'Add a note to a customer',
      params: IdParams,
      body: z.object({ text: z.string().trim().min(1).max(5_000) }).openapi('NewCustomerNote'),
      success: { status: 201, description: 'noted', schema: Done },
      errors: ['CUSTOMER.NOT_FOUND', 'CUSTOMER.INVALID_INPUT'],
      handler: async ({ write, scope, params, body }) =>
        fromResult(await write((core) => core.customers.addNote(scope, params.id, body.text)), () => ({
          ok: true as const,
        })),
    }),
    operation({
      operationId: 'listCustomerInteractions',
      method: 'get',
      path: '/customers/{id}/interactions',
      summary: 'Contacts that happened with a customer',
      params: IdParams,
      query: HistoryQuery,
      success: {
        status: 200,
        description: 'a page of interactions',
        schema: pageOf(Interaction, 'CustomerInteractionPage'),
      },
      errors: ['CUSTOMER.NOT_FOUND'],
      handler: async ({ core, scope, params, query, pageRequest, pageAnswer }) => {
        const page = await core.customers.interactions(scope, params.id, pageRequest(query, historySorts));
        if (!page) return failure('CUSTOMER.NOT_FOUND');
        return pageAnswer(query, page, (i) => ({
          ...i,
          occurredAt: iso(i.occurredAt),
          createdAt: iso(i.createdAt),
        }));
      },
    }),
    operation({
      operationId: 'logCustomerInteraction',
      method: 'post',
      path: '/customers/{id}/interactions',
      summary: 'Record a contact with a customer',
      params: IdParams,
      body: z
        .object({
          type: z.enum(INTERACTION_TYPES),
          summary: z.string().trim().min(1).max(2_000),
          occurredAt: z.iso.datetime().optional().openapi({ description: 'default: now' }),
        })
        .openapi('NewCustomerInteraction'),
      success: { status: 201, description: 'recorded', schema: Done },
      errors: ['CUSTOMER.NOT_FOUND'],
      handler: async ({ write, scope, params, body, deps }) =>
        fromResult(
          await write((core) =>
            core.customers.logInteraction(scope, {
              customerId: params.id,
              type: body.type,
              summary: body.summary,
              occurredAt: body.occurredAt ? new Date(body.occurredAt) : deps.clock.now(),
            }),
          ),
          () => ({ ok: true as const }),
        ),
    }),
    operation({
      operationId: 'listCustomerFollowups',
      method: 'get',
      path: '/customers/{id}/follow-ups',
      summary: 'Planned contacts with a customer',
      params: IdParams,
      query: HistoryQuery,
      success: { status: 200, description: 'a page of follow-ups', schema: pageOf(Followup, 'CustomerFollowupPage') },
      errors: ['CUSTOMER.NOT_FOUND'],
      handler: async ({ core, scope, params, query, pageRequest, pageAnswer }) => {
        const page = await core.customers.followups(scope, params.id, pageRequest(query, historySorts));
        if (!page) return failure('CUSTOMER.NOT_FOUND');
        return pageAnswer(query, page, (f) => ({
          ...f,
          dueAt: iso(f.dueAt),
          completedAt: isoOrNull(f.completedAt),
          createdAt: iso(f.createdAt),
        }));
      },
    }),
    operation({
      operationId: 'scheduleCustomerFollowup',
      method: 'post',
      path: '/customers/{id}/follow-ups',
      summary: 'Plan a contact with a customer',
      description:
        'A follow-up is carried by a task of yours (listed in your tasks, reminded in your chat at its time): completing, moving or cancelling the task does the same to the follow-up.',
      params: IdParams,
      body: z
        .object({
          dueAt: z.iso.datetime(),
          type: z.string().trim().min(1).max(40).default('call').openapi({ example: 'call' }),
        })
        .openapi('NewCustomerFollowup'),
      success: { status: 201, description: 'planned', schema: Done },
      errors: ['CUSTOMER.NOT_FOUND'],
      handler: async ({ write, scope, params, body }) =>
        fromResult(
          await write((core) =>
            core.tasks.planFollowup(scope, {
              customerId: params.id,
              dueAt: new Date(body.dueAt),
              type: body.type,
            }),
          ),
          () => ({ ok: true as const }),
        ),
    }),
  ],
);
