// Issue 18: amounts and areas are bounded where they enter core. 99,999,999,999 overflowed an int4
// column and failed the turn; now core refuses it with a code the chat turns into a clear sentence, and
// never touches the database with it.
import { describe, expect, it } from 'vitest';
import { newCustomerSchema } from '../../../core/customers/customers.types.ts';
import type { DbTx } from '../../../core/db/client.ts';
import { createFinanceQueries } from '../../../core/finance/finance.queries.ts';
import { createFinanceService } from '../../../core/finance/finance.service.ts';
import type { JobQueue } from '../../../core/jobs/job-map.ts';
import { createListingsQueries } from '../../../core/listings/listings.queries.ts';
import { areaSchema, priceSchema } from '../../../core/listings/listings.types.ts';
import { createRequestsService } from '../../../core/requests/requests.service.ts';
import { createAppointmentsQueries } from '../../../core/scheduling/appointments.queries.ts';
import type { Clock } from '../../../core/shared/clock.ts';
import { MAX_AREA_M2, MAX_SAR } from '../../../core/shared/limits.ts';

const INT4_MAX = 2_147_483_647;
const HUGE = 99_999_999_999;
const scope = {
  organizationId: '00000000-0000-4000-8000-0000000000aa',
  userId: '00000000-0000-4000-8000-000000000001',
};
/** A database that must not be reached. */
const noDb = new Proxy({} as DbTx, {
  get(_t, name) {
    throw new Error(`the database was reached (${String(name)})`);
  },
});
const noJobs = { enqueue: async () => undefined } as unknown as JobQueue;

describe('bounds of money and area in core', () => {
  it('fit the int4 columns', () => {
    expect(MAX_SAR).toBeLessThan(INT4_MAX);
    expect(MAX_AREA_M2).toBeLessThan(INT4_MAX);
  });

  it.each([{ priceMax: HUGE }, { priceMin: HUGE }, { areaMin: HUGE }, { areaMax: MAX_AREA_M2 + 1 }])(
    'a request with %o is refused as too large, before the database',
    async (extra) => {
      const requests = createRequestsService({ db: noDb, jobs: noJobs });
      const r = await requests.create(scope, { type: 'sale', ...extra });
      expect(r).toMatchObject({ ok: false, error: { code: 'REQUEST.AMOUNT_TOO_LARGE' } });
    },
  );

  it('a request with a property type that is not one, or a negative or fractional amount, is invalid input', async () => {
    const requests = createRequestsService({ db: noDb, jobs: noJobs });
    for (const input of [
      { type: 'sale' as const, propertyTypes: ["villa'; DROP TABLE requests;--" as 'villa'] },
      { type: 'sale' as const, priceMax: -5 },
      { type: 'sale' as const, priceMax: 1.5 },
      { type: 'sale' as const, areaMin: Number.NaN },
    ]) {
      const r = await requests.create(scope, input);
      expect(r).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID_INPUT' } });
    }
  });

  it('listings, customers and sales refuse the same amount', async () => {
    expect(priceSchema.safeParse(HUGE).success).toBe(false);
    expect(areaSchema.safeParse(HUGE).success).toBe(false);
    expect(newCustomerSchema.safeParse({ name: 'فهد', budgetMax: HUGE }).success).toBe(false);
    const finance = createFinanceService({ db: noDb, clock: {} as Clock });
    const r = await finance.recordSale(scope, { amount: HUGE, dealType: 'sale', idempotencyKey: 'sale:x' });
    expect(r).toMatchObject({ ok: false, error: { code: 'SALE.INVALID_AMOUNT' } });
  });
});

describe('reference numbers beyond int4', () => {
  it('find no property, without a query that would overflow', async () => {
    expect(await createListingsQueries({ db: noDb }).byRef(scope, HUGE)).toBeNull();
    expect(await createFinanceQueries({ db: noDb }).findSold(scope, { ref: HUGE }, ['active'])).toBeNull();
    expect(await createAppointmentsQueries({ db: noDb, clock: {} as Clock }).propertyByRef(scope, HUGE)).toBeNull();
  });
});
