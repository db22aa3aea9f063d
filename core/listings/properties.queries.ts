// Reads of the office's properties and offers for lists (the admin API): pages in a keyset order
// (core/shared/keyset.ts) with the filters an office works with. Every member of the office sees its
// listings (as in the chat's search); the owner's phone is shown to his broker and the office's
// managers only, masked otherwise (core/teams/privacy.ts). Another office's rows are never found here:
// its shared offers are the marketplace's (listings.queries.ts), summaries only.
import { type DbTx, Prisma } from '../db/client.ts';
import {
  inOrder,
  keyExpr,
  keysetAfter,
  keysetOrder,
  type Page,
  type PageRequest,
  type SortColumn,
  toPage,
} from '../shared/keyset.ts';
import type { Scope } from '../shared/scope.ts';
import { shownPhone } from '../teams/privacy.ts';

export const PROPERTY_SORTS = {
  createdAt: { column: 'created_at', kind: 'timestamp' },
  updatedAt: { column: 'updated_at', kind: 'timestamp' },
  price: { column: 'price', kind: 'int' },
} as const satisfies Record<string, SortColumn>;
export type PropertySort = keyof typeof PROPERTY_SORTS;

export const OFFER_SORTS = PROPERTY_SORTS;
export type OfferSort = PropertySort;

export const PROPERTY_STATUSES = ['draft', 'active', 'sold', 'rented', 'archived'] as const;
export type PropertyStatus = (typeof PROPERTY_STATUSES)[number];
export const OFFER_STATUSES = ['draft', 'active', 'paused', 'closed', 'expired'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export interface ListingFilters {
  listingType?: 'sale' | 'rent';
  propertyTypes?: string[];
  city?: string;
  district?: string;
  priceMin?: number;
  priceMax?: number;
  areaMin?: number;
  bedroomsMin?: number;
  /** listed by these members */
  brokerIds?: string[];
  createdFrom?: Date;
  createdTo?: Date;
}

export interface PropertyFilters extends ListingFilters {
  status?: PropertyStatus[];
  published?: boolean;
  /** part of the title, or the reference number */
  q?: string;
}

export interface OfferFilters extends ListingFilters {
  status?: OfferStatus[];
  shared?: boolean;
  propertyId?: string;
}

const uuids = (list: readonly string[]) => Prisma.join(list.map((u) => Prisma.sql`${u}::uuid`));
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

function listingSql(a: string, f: ListingFilters): Prisma.Sql[] {
  const col = (name: string) => Prisma.raw(`${a}.${name}`);
  const parts: Prisma.Sql[] = [];
  if (f.listingType) parts.push(Prisma.sql` AND ${col('listing_type')}::text = ${f.listingType}`);
  if (f.propertyTypes?.length)
    parts.push(Prisma.sql` AND ${col('property_type')}::text IN (${Prisma.join(f.propertyTypes)})`);
  if (f.city) parts.push(Prisma.sql` AND ${col('city')} = ${f.city}`);
  if (f.district) parts.push(Prisma.sql` AND ${col('district')} = ${f.district}`);
  if (f.priceMin !== undefined) parts.push(Prisma.sql` AND ${col('price')} >= ${f.priceMin}::int`);
  if (f.priceMax !== undefined) parts.push(Prisma.sql` AND ${col('price')} <= ${f.priceMax}::int`);
  if (f.areaMin !== undefined) parts.push(Prisma.sql` AND ${col('area')} >= ${f.areaMin}::int`);
  if (f.bedroomsMin !== undefined) parts.push(Prisma.sql` AND ${col('bedrooms')} >= ${f.bedroomsMin}::int`);
  if (f.brokerIds?.length) parts.push(Prisma.sql` AND ${col('user_id')} IN (${uuids(f.brokerIds)})`);
  if (f.createdFrom) parts.push(Prisma.sql` AND ${col('created_at')} >= ${f.createdFrom}::timestamptz`);
  if (f.createdTo) parts.push(Prisma.sql` AND ${col('created_at')} < ${f.createdTo}::timestamptz`);
  return parts;
}

const PROPERTY_INCLUDE = {
  images: {
    orderBy: { sortOrder: 'asc' as const },
    select: { id: true, storageKey: true, mimeType: true, sizeBytes: true, sortOrder: true, isCover: true },
  },
  ownerCustomer: { select: { id: true, name: true, phone: true, assignedToId: true } },
} as const;

export function createPropertiesQueries({ db }: { db: DbTx }) {
  async function properties(scope: Scope, ids: string[]) {
    if (!ids.length) return [];
    const rows = await db.property.findMany({
      where: { id: { in: ids }, organizationId: scope.organizationId },
      include: PROPERTY_INCLUDE,
    });
    return inOrder(
      ids,
      rows.map(({ ownerCustomer, ...p }) => ({
        ...p,
        owner: ownerCustomer && {
          customerId: ownerCustomer.id,
          name: ownerCustomer.name,
          phone: shownPhone(scope, ownerCustomer.phone, [ownerCustomer.assignedToId, p.userId]),
        },
      })),
    );
  }

  return {
    /** A page of the office's properties. */
    async propertiesPage(scope: Scope, f: PropertyFilters, req: PageRequest<PropertySort>) {
      const sort = PROPERTY_SORTS[req.sort];
      const parts = listingSql('p', f);
      if (f.status?.length) parts.push(Prisma.sql` AND p.status::text IN (${Prisma.join(f.status)})`);
      if (f.published !== undefined) parts.push(Prisma.sql` AND p.is_published = ${f.published}`);
      const q = f.q?.trim();
      if (q) {
        const ref = /^\d{1,9}$/.test(q) ? Number(q) : undefined;
        parts.push(
          ref !== undefined
            ? Prisma.sql` AND (p.ref_number = ${ref}::int OR p.title ILIKE ${`%${likeEscape(q)}%`})`
            : Prisma.sql` AND p.title ILIKE ${`%${likeEscape(q)}%`}`,
        );
      }
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT p.id, ${keyExpr(sort, 'p')} AS k FROM properties p
        WHERE p.organization_id = ${scope.organizationId}::uuid${Prisma.join(parts, '')}${keysetAfter(sort, req.direction, 'p', req.after)}
        ${keysetOrder(sort, req.direction, 'p')} LIMIT ${req.limit + 1}`;
      const page = toPage(keys, req.limit);
      const items = await properties(
        scope,
        page.items.map((r) => r.id),
      );
      return { items, next: page.next };
    },

    /** One property of the office, with its photos and its owner (phone as the scope may read it). */
    async property(scope: Scope, id: string) {
      return (await properties(scope, [id]))[0] ?? null;
    },

    /** A page of the office's own offers (the marketplace of other offices is not here). */
    async offersPage(scope: Scope, f: OfferFilters, req: PageRequest<OfferSort>) {
      const sort = OFFER_SORTS[req.sort];
      const parts = listingSql('o', f);
      if (f.status?.length) parts.push(Prisma.sql` AND o.status::text IN (${Prisma.join(f.status)})`);
      if (f.shared !== undefined) parts.push(Prisma.sql` AND o.is_shared = ${f.shared}`);
      if (f.propertyId) parts.push(Prisma.sql` AND o.property_id = ${f.propertyId}::uuid`);
      const keys = await db.$queryRaw<Array<{ id: string; k: unknown }>>`
        SELECT o.id, ${keyExpr(sort, 'o')} AS k FROM offers o
        WHERE o.organization_id = ${scope.organizationId}::uuid${Prisma.join(parts, '')}${keysetAfter(sort, req.direction, 'o', req.after)}
        ${keysetOrder(sort, req.direction, 'o')} LIMIT ${req.limit + 1}`;
      const page = toPage(keys, req.limit);
      const ids = page.items.map((r) => r.id);
      const rows = ids.length
        ? await db.offer.findMany({
            where: { id: { in: ids }, organizationId: scope.organizationId },
            select: OFFER_SELECT,
          })
        : [];
      return { items: inOrder(ids, rows), next: page.next } satisfies Page<(typeof rows)[number]>;
    },

    /** One offer of the office. */
    async offer(scope: Scope, id: string) {
      return db.offer.findFirst({ where: { id, organizationId: scope.organizationId }, select: OFFER_SELECT });
    },
  };
}

/** An offer as its office reads it: the facts and the marketplace summary, not the revealed contacts. */
const OFFER_SELECT = {
  id: true,
  propertyId: true,
  userId: true,
  propertyType: true,
  category: true,
  listingType: true,
  city: true,
  district: true,
  price: true,
  area: true,
  bedrooms: true,
  bathrooms: true,
  summary: true,
  isShared: true,
  maxBrokers: true,
  acceptedCount: true,
  status: true,
  expiresAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type PropertiesQueries = ReturnType<typeof createPropertiesQueries>;
export type PropertyRow = NonNullable<Awaited<ReturnType<PropertiesQueries['property']>>>;
export type OfferRow = NonNullable<Awaited<ReturnType<PropertiesQueries['offer']>>>;
