// /sales and /commissions: the deals closed by the brokers the caller sees (his own and his teams'; the
// whole office for managers) and what they earn, and recording a deal as the chat does: its commission
// by the office's tiers, the customer closed, the property sold or rented, a follow-up task in a week
// (core/finance). A retried POST with the same Idempotency-Key records one deal.
import { randomUUID } from 'node:crypto';
import type { CommissionDetails, SaleDetails } from '../../../core/finance/finance.queries.ts';
import { COMMISSION_SORTS, SALE_SORTS } from '../../../core/finance/finance.queries.ts';
import { answer, defineResource, failure, fromResult, operation } from '../kit.ts';
import { csv, IdParams, iso, isoOrNull, pageOf, pageQuery, sortQuery, Timestamp, z } from '../schemas.ts';

const SALE_STATUSES = ['pending', 'completed', 'cancelled'] as const;
const COMMISSION_STATUSES = ['pending', 'approved', 'paid', 'cancelled'] as const;
const DEAL_TYPES = ['sale', 'rent'] as const;

const Instant = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-01T00:00:00+03:00' });
const Person = z.object({ id: z.uuid(), name: z.string() });
const sar = z.number().int().openapi({ description: 'SAR, whole riyals' });

const SaleCommission = z.object({
  id: z.uuid(),
  brokerId: z.uuid(),
  ratePercent: z.number().openapi({ example: 2.5 }),
  amount: sar,
  status: z.enum(COMMISSION_STATUSES),
});

const Sale = z
  .object({
    id: z.uuid(),
    broker: Person,
    customer: Person.nullable(),
    property: z.object({ id: z.uuid(), refNumber: z.number().int(), title: z.string() }).nullable(),
    dealType: z.enum(DEAL_TYPES),
    amount: sar,
    status: z.enum(SALE_STATUSES),
    closedAt: Timestamp,
    notes: z.string().nullable(),
    commissions: z.array(SaleCommission),
    createdAt: Timestamp,
  })
  .openapi('Sale');

const saleJson = (s: SaleDetails) => ({
  id: s.id,
  broker: s.user,
  customer: s.customer,
  property: s.property,
  dealType: s.dealType,
  amount: s.amount,
  status: s.status,
  closedAt: iso(s.closedAt),
  notes: s.notes,
  commissions: s.commissions.map((c) => ({
    id: c.id,
    brokerId: c.userId,
    ratePercent: Number(c.rate),
    amount: c.amount,
    status: c.status,
  })),
  createdAt: iso(s.createdAt),
});

const Commission = z
  .object({
    id: z.uuid(),
    broker: Person,
    sale: z.object({
      id: z.uuid(),
      amount: sar,
      dealType: z.enum(DEAL_TYPES),
      closedAt: Timestamp,
      status: z.enum(SALE_STATUSES),
    }),
    ratePercent: z.number(),
    amount: sar,
    status: z.enum(COMMISSION_STATUSES),
    paidAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .openapi('Commission');

const commissionJson = (c: CommissionDetails) => ({
  id: c.id,
  broker: c.user,
  sale: { ...c.sale, closedAt: iso(c.sale.closedAt) },
  ratePercent: Number(c.rate),
  amount: c.amount,
  status: c.status,
  paidAt: isoOrNull(c.paidAt),
  createdAt: iso(c.createdAt),
});

const SalesQuery = z.object({
  ...pageQuery,
  sort: sortQuery(['closedAt', 'createdAt', 'amount'] as const, '-closedAt'),
  broker: csv(z.uuid()).optional().openapi({ description: "brokers' member ids, comma-separated" }),
  dealType: z.enum(DEAL_TYPES).optional(),
  status: csv(z.enum(SALE_STATUSES)).optional().openapi({ description: 'comma-separated' }),
  customerId: z.uuid().optional(),
  propertyId: z.uuid().optional(),
  from: Instant.optional().openapi({ description: 'closed at or after' }),
  to: Instant.optional().openapi({ description: 'closed before' }),
});

const CommissionsQuery = z.object({
  ...pageQuery,
  sort: sortQuery(['createdAt', 'amount'] as const, '-createdAt'),
  broker: csv(z.uuid()).optional().openapi({ description: "brokers' member ids, comma-separated" }),
  saleId: z.uuid().optional(),
  status: csv(z.enum(COMMISSION_STATUSES)).optional().openapi({ description: 'comma-separated' }),
  from: Instant.optional().openapi({ description: 'created at or after' }),
  to: Instant.optional().openapi({ description: 'created before' }),
});

const SaleCommissionsQuery = z.object({ ...pageQuery, sort: sortQuery(['createdAt', 'amount'] as const, 'createdAt') });

const NewSale = z
  .object({
    amount: z.number().int().positive().max(2_000_000_000).openapi({ description: 'SAR', example: 2_300_000 }),
    dealType: z.enum(DEAL_TYPES).default('sale'),
    customerId: z.uuid().optional().openapi({ description: 'closed by the deal when you see him (else left out)' }),
    propertyId: z.uuid().optional().openapi({ description: 'becomes sold (or rented)' }),
    notes: z.string().trim().max(1000).optional(),
  })
  .openapi('NewSale');

const RecordedSale = z
  .object({
    id: z.uuid().openapi({ description: "the deal's id (GET /sales/{id})" }),
    amount: sar,
    commission: sar,
    ratePercent: z.number(),
    followUpAt: Timestamp.openapi({ description: 'when the follow-up task is due' }),
    created: z
      .boolean()
      .openapi({ description: 'false: this deal was recorded already (the same property, or customer and amount)' }),
  })
  .openapi('RecordedSale');

export const salesResource = defineResource('sales', 'Deals (sales and rentals) and the commissions they earn.', [
  operation({
    operationId: 'listSales',
    method: 'get',
    path: '/sales',
    summary: 'List deals',
    description: 'The deals of the brokers you see, latest closed first by default.',
    query: SalesQuery,
    success: { status: 200, description: 'a page of deals', schema: pageOf(Sale, 'SalePage') },
    handler: async ({ core, scope, query, pageRequest, pageAnswer }) => {
      const req = pageRequest(query, SALE_SORTS);
      const page = await core.finance.sales(
        scope,
        {
          userIds: query.broker,
          dealType: query.dealType,
          status: query.status,
          customerId: query.customerId,
          propertyId: query.propertyId,
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
        },
        req,
      );
      return pageAnswer(query, page, saleJson);
    },
  }),
  operation({
    operationId: 'recordSale',
    method: 'post',
    path: '/sales',
    summary: 'Record a deal',
    description:
      "Recorded as yours, with its commission by the office's tiers (2.5% when none applies). The same deal " +
      'told again (the same property, or the same customer and amount, within 30 days) is not recorded twice: ' +
      '200 with `created: false`. Send an Idempotency-Key to make a retry safe.',
    body: NewSale,
    success: { status: 201, description: 'the deal recorded', schema: RecordedSale },
    errors: ['SALE.INVALID_AMOUNT', 'SALE.CUSTOMER_NOT_FOUND', 'SALE.PROPERTY_NOT_FOUND'],
    handler: async ({ write, scope, caller, body, c }) => {
      // core keeps its own key of the deal (unique across offices): the caller's Idempotency-Key, else a new one
      const given = c.req.header('idempotency-key');
      const idempotencyKey = given ? `api:${caller.organizationId}:${caller.id}:${given}` : `api:${randomUUID()}`;
      const result = await write((core) =>
        core.finance.recordSale(scope, {
          amount: body.amount,
          dealType: body.dealType,
          customerId: body.customerId,
          propertyId: body.propertyId,
          notes: body.notes,
          idempotencyKey,
        }),
      );
      return fromResult(
        result,
        (r) => ({
          id: r.saleId,
          amount: r.amount,
          commission: r.commission,
          ratePercent: r.ratePercent,
          followUpAt: iso(r.followUpAt),
          created: r.created,
        }),
        { status: result.ok && !result.value.created ? 200 : 201 },
      );
    },
  }),
  operation({
    operationId: 'getSale',
    method: 'get',
    path: '/sales/{id}',
    summary: 'Get a deal',
    params: IdParams,
    success: { status: 200, description: 'the deal', schema: Sale },
    errors: ['SALE.NOT_FOUND'],
    handler: async ({ core, scope, params }) => {
      const found = await core.finance.sale(scope, params.id);
      return found ? answer(saleJson(found)) : failure('SALE.NOT_FOUND');
    },
  }),
  operation({
    operationId: 'listSaleCommissions',
    method: 'get',
    path: '/sales/{id}/commissions',
    summary: "A deal's commissions",
    params: IdParams,
    query: SaleCommissionsQuery,
    success: { status: 200, description: 'a page of commissions', schema: pageOf(Commission, 'SaleCommissionPage') },
    errors: ['SALE.NOT_FOUND'],
    handler: async ({ core, scope, params, query, pageRequest, pageAnswer }) => {
      const sale = await core.finance.sale(scope, params.id);
      if (!sale) return failure('SALE.NOT_FOUND');
      const req = pageRequest(query, COMMISSION_SORTS);
      return pageAnswer(query, await core.finance.commissions(scope, { saleId: sale.id }, req), commissionJson);
    },
  }),
]);

export const commissionsResource = defineResource(
  'commissions',
  'Commissions owed to the brokers you see, per deal and per broker.',
  [
    operation({
      operationId: 'listCommissions',
      method: 'get',
      path: '/commissions',
      summary: 'List commissions',
      description: 'Newest first by default; filter by broker, deal or status.',
      query: CommissionsQuery,
      success: { status: 200, description: 'a page of commissions', schema: pageOf(Commission, 'CommissionPage') },
      handler: async ({ core, scope, query, pageRequest, pageAnswer }) => {
        const req = pageRequest(query, COMMISSION_SORTS);
        const page = await core.finance.commissions(
          scope,
          {
            userIds: query.broker,
            saleId: query.saleId,
            status: query.status,
            from: query.from ? new Date(query.from) : undefined,
            to: query.to ? new Date(query.to) : undefined,
          },
          req,
        );
        return pageAnswer(query, page, commissionJson);
      },
    }),
  ],
);
