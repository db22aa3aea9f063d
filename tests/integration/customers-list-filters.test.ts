// The customers list (core/customers/customers.queries.ts page) filters by status and category as the
// enums they are (bench/api: compared as text, the planner misjudged them), on the indexes of the
// migration customers_list_indexes, and pages through a filtered list without a gap or a repeat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomersQueries } from '../../core/customers/customers.queries.ts';
import type { CustomerCategory, CustomerStatus } from '../../core/customers/customers.types.ts';
import type { KeysetPosition } from '../../core/shared/keyset.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { foldForSearch } from '../../core/shared/text.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let owner: Scope;
let queries: ReturnType<typeof createCustomersQueries>;

const STATUSES: CustomerStatus[] = ['new', 'contacted', 'interested', 'negotiating', 'closed', 'lost', 'inactive'];
const CATEGORIES: CustomerCategory[] = ['buyer', 'seller', 'tenant', 'landlord', 'investor'];
const NAMES = ['محمد العتيبي', 'أحمد الحربي', 'سارة القحطاني', 'Omar Khan'];

interface Row {
  id: string;
  status: CustomerStatus;
  category: CustomerCategory;
  name: string;
}
let rows: Row[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await t.db.organization.create({ data: { name: 'list', slug: 'customers-list-filters' } });
  const other = await t.db.organization.create({ data: { name: 'other', slug: 'customers-list-other' } });
  const user = await t.db.user.create({
    data: { organizationId: org.id, phone: '+966500000101', name: 'owner', role: 'owner' },
  });
  owner = { organizationId: org.id, userId: user.id, role: 'owner' };
  queries = createCustomersQueries({ db: t.db });
  // 70 customers: every status and category, four names, one a minute (ties of created_at are not
  // what this file is about; core/shared/keyset.ts has its own tests)
  const start = Date.parse('2026-01-01T00:00:00Z');
  await t.db.customer.createMany({
    data: Array.from({ length: 70 }, (_, i) => ({
      organizationId: org.id,
      name: NAMES[i % NAMES.length]!,
      searchName: foldForSearch(NAMES[i % NAMES.length]!),
      status: STATUSES[i % STATUSES.length]!,
      category: CATEGORIES[i % CATEGORIES.length]!,
      createdAt: new Date(start + i * 60_000),
    })),
  });
  // the same in another office: never listed
  await t.db.customer.createMany({
    data: Array.from({ length: 10 }, (_, i) => ({
      organizationId: other.id,
      name: NAMES[0]!,
      searchName: foldForSearch(NAMES[0]!),
      status: 'new' as const,
      category: 'buyer' as const,
      createdAt: new Date(start + i * 60_000),
    })),
  });
  rows = (
    await t.db.customer.findMany({
      where: { organizationId: org.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true, status: true, category: true, name: true },
    })
  ).map((r) => ({ ...r, status: r.status as CustomerStatus, category: r.category as CustomerCategory }));
});
afterAll(async () => {
  await t?.drop();
});

/** Every page of the filtered list, newest first, `limit` at a time. */
async function all(filters: Parameters<typeof queries.page>[1], limit = 50): Promise<string[]> {
  const ids: string[] = [];
  let after: KeysetPosition | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await queries.page(owner, filters, { limit, sort: 'createdAt', direction: 'desc', after });
    ids.push(...page.items.map((c) => c.id));
    if (!page.next) return ids;
    after = page.next;
  }
  throw new Error('more than 100 pages');
}

const idsWhere = (keep: (r: Row) => boolean) => rows.filter(keep).map((r) => r.id);

describe('the customers list', () => {
  it('leaves out deleted (inactive) customers unless asked for by status', async () => {
    expect(await all({})).toEqual(idsWhere((r) => r.status !== 'inactive'));
    expect(await all({ status: ['inactive'] })).toEqual(idsWhere((r) => r.status === 'inactive'));
  });

  it('keeps the customers of the statuses asked for, one or several', async () => {
    expect(await all({ status: ['new'] })).toEqual(idsWhere((r) => r.status === 'new'));
    expect(await all({ status: ['negotiating', 'lost', 'inactive'] })).toEqual(
      idsWhere((r) => ['negotiating', 'lost', 'inactive'].includes(r.status)),
    );
  });

  it('keeps the customers of the categories asked for, with the default status rule', async () => {
    expect(await all({ category: ['seller', 'investor'] })).toEqual(
      idsWhere((r) => ['seller', 'investor'].includes(r.category) && r.status !== 'inactive'),
    );
  });

  it('combines status, category and a name search, page after page without a gap or a repeat', async () => {
    const expected = idsWhere(
      (r) => ['new', 'contacted', 'interested'].includes(r.status) && r.category !== 'landlord' && r.name === NAMES[0],
    );
    expect(expected.length).toBeGreaterThan(3);
    const found = await all(
      { status: ['new', 'contacted', 'interested'], category: ['buyer', 'seller', 'tenant', 'investor'], q: 'محمد' },
      2,
    );
    expect(found).toEqual(expected);
  });
});
