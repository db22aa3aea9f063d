// /properties: the office's listings, their photos (multipart upload to the office's storage), their
// status (a sold or rented property leaves the market) and their publication on the brokers'
// marketplace. The owner's phone is shown to his broker and the office's managers only.

import type { Core } from '../../../core/core.ts';
import { FACINGS } from '../../../core/listings/listings.types.ts';
import { PROPERTY_SORTS, PROPERTY_STATUSES, type PropertyRow } from '../../../core/listings/properties.queries.ts';
import { IMAGE_TYPES } from '../../../core/listings/properties.service.ts';
import { PROPERTY_TYPES } from '../../../core/requests/requests.service.ts';
import type { Scope } from '../../../core/shared/scope.ts';
import { authorize } from '../../../core/teams/authorize.ts';
import { defineResource, failure, fromResult, operation } from '../kit.ts';
import { ProblemError } from '../problems.ts';
import { csv, IdParams, iso, pageOf, pageQuery, sortQuery, Timestamp, z } from '../schemas.ts';

const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

const Image = z
  .object({
    id: z.uuid(),
    url: z.string().openapi({
      description: 'the photo: a signed link, valid 7 days (/media/…?exp=…&sig=…)',
      example: '/media/…/property/….jpg?exp=…&sig=…',
    }),
    mimeType: z.string(),
    sizeBytes: z.number().int(),
    sortOrder: z.number().int(),
    isCover: z.boolean(),
  })
  .openapi('PropertyImage');

const Property = z
  .object({
    id: z.uuid(),
    refNumber: z.number().int().openapi({ description: "the office's reference number («العقار رقم ٣»)" }),
    title: z.string(),
    description: z.string().nullable(),
    propertyType: z.enum(PROPERTY_TYPES),
    category: z.enum(['residential', 'commercial']),
    listingType: z.enum(['sale', 'rent']),
    rentPeriod: z.enum(['yearly', 'monthly', 'daily']).nullable(),
    city: z.string(),
    district: z.string().nullable(),
    price: z.number().int().openapi({ description: 'SAR (a yearly rent for yearly rentals)' }),
    negotiable: z.boolean(),
    area: z.number().int().nullable().openapi({ description: 'm²' }),
    bedrooms: z.number().int().nullable(),
    bathrooms: z.number().int().nullable(),
    age: z.number().int().nullable(),
    facing: z.string().nullable(),
    streetWidth: z.number().int().nullable(),
    features: z.array(z.string()),
    status: z.enum(PROPERTY_STATUSES),
    isPublished: z.boolean(),
    regaAdLicenseNumber: z.string().nullable(),
    brokerId: z.uuid().nullable(),
    owner: z
      .object({ customerId: z.uuid(), name: z.string(), phone: z.string().nullable() })
      .nullable()
      .openapi({ description: 'the homeowner (a customer); his phone masked unless you are his broker or a manager' }),
    images: z.array(Image),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Property');

const propertyJson = (p: PropertyRow, mediaUrl: (key: string) => string) => ({
  id: p.id,
  refNumber: p.refNumber,
  title: p.title,
  description: p.description,
  propertyType: p.propertyType,
  category: p.category,
  listingType: p.listingType,
  rentPeriod: p.rentPeriod,
  city: p.city,
  district: p.district,
  price: p.price,
  negotiable: p.negotiable,
  area: p.area,
  bedrooms: p.bedrooms,
  bathrooms: p.bathrooms,
  age: p.age,
  facing: p.facing,
  streetWidth: p.streetWidth,
  features: p.features,
  status: p.status,
  isPublished: p.isPublished,
  regaAdLicenseNumber: p.regaAdLicenseNumber,
  brokerId: p.userId,
  owner: p.owner,
  images: p.images.map((i) => ({
    id: i.id,
    url: mediaUrl(i.storageKey),
    mimeType: i.mimeType,
    sizeBytes: i.sizeBytes,
    sortOrder: i.sortOrder,
    isCover: i.isCover,
  })),
  createdAt: iso(p.createdAt),
  updatedAt: iso(p.updatedAt),
});

const NewProperty = z
  .object({
    listingType: z.enum(['sale', 'rent']),
    propertyType: z.enum(PROPERTY_TYPES),
    rentPeriod: z.enum(['yearly', 'monthly', 'daily']).optional(),
    city: z.string().min(1).max(100).openapi({ example: 'الرياض' }),
    district: z.string().min(1).max(100).openapi({ example: 'الملقا' }),
    area: z.number().int().min(1).max(1_000_000).openapi({ description: 'm²', example: 400 }),
    price: z.number().int().min(1).max(2_000_000_000).openapi({ description: 'SAR', example: 2_500_000 }),
    bedrooms: z.number().int().min(0).max(50).optional(),
    bathrooms: z.number().int().min(0).max(50).optional(),
    age: z.number().int().min(0).max(200).optional(),
    streetWidth: z.number().int().min(1).max(200).optional(),
    facing: z.enum(FACINGS).optional(),
    features: z.array(z.string().min(1).max(60)).max(30).optional(),
    description: z.string().max(2_000).optional(),
    regaAdLicenseNumber: z
      .string()
      .regex(/^\d{6,12}$/)
      .optional()
      .openapi({ description: 'REGA advertising licence number: needed to share on the marketplace' }),
    ownerCustomerId: z.uuid().optional().openapi({ description: 'the homeowner: a customer of the office' }),
    share: z.boolean().optional().openapi({ description: 'share on the marketplace now (needs the licence)' }),
  })
  .openapi('NewProperty');

const ListQuery = z.object({
  ...pageQuery,
  sort: sortQuery(['createdAt', 'updatedAt', 'price'] as const, '-createdAt'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: 'part of the title, or the reference number' }),
  status: csv(z.enum(PROPERTY_STATUSES)).optional().openapi({ description: 'comma-separated' }),
  listingType: z.enum(['sale', 'rent']).optional(),
  propertyType: csv(z.enum(PROPERTY_TYPES)).optional().openapi({ description: 'comma-separated' }),
  city: z.string().trim().min(1).max(100).optional(),
  district: z.string().trim().min(1).max(100).optional(),
  priceMin: z.coerce.number().int().min(0).max(2_000_000_000).optional(),
  priceMax: z.coerce.number().int().min(0).max(2_000_000_000).optional(),
  areaMin: z.coerce.number().int().min(0).max(1_000_000).optional(),
  bedroomsMin: z.coerce.number().int().min(0).max(50).optional(),
  brokerId: csv(z.uuid()).optional().openapi({ description: 'listed by these members, comma-separated' }),
  published: z.enum(['true', 'false']).optional(),
  createdFrom: z.iso.datetime().optional(),
  createdTo: z.iso.datetime().optional(),
});

const Upload = z
  .object({
    file: z
      .custom<File>((v) => v instanceof File, { message: 'a file is required' })
      .openapi({ type: 'string', format: 'binary', description: 'JPEG, PNG or WebP, at most 10 MiB' }),
  })
  .openapi('PropertyImageUpload');

const Publication = z
  .object({
    id: z.uuid(),
    isPublished: z.boolean(),
    offers: z.number().int().openapi({ description: 'offers changed' }),
  })
  .openapi('PropertyPublication');

/** The property after a command, with its version. */
async function reread(core: Core, scope: Scope, id: string) {
  const row = await core.listings.property(scope, id);
  if (!row) throw new ProblemError('LISTING.NOT_FOUND');
  return { ok: true as const, value: row };
}

export const propertiesResource = defineResource(
  'properties',
  "The office's listings: photos, status, and publication on the brokers' marketplace.",
  [
    operation({
      operationId: 'listProperties',
      method: 'get',
      path: '/properties',
      summary: 'List properties',
      query: ListQuery,
      success: { status: 200, description: 'a page of properties', schema: pageOf(Property, 'PropertyPage') },
      handler: async ({ core, scope, query, pageRequest, pageAnswer, deps }) => {
        const page = await core.listings.propertiesPage(
          scope,
          {
            q: query.q,
            status: query.status,
            listingType: query.listingType,
            propertyTypes: query.propertyType,
            city: query.city,
            district: query.district,
            priceMin: query.priceMin,
            priceMax: query.priceMax,
            areaMin: query.areaMin,
            bedroomsMin: query.bedroomsMin,
            brokerIds: query.brokerId,
            published: query.published === undefined ? undefined : query.published === 'true',
            createdFrom: query.createdFrom ? new Date(query.createdFrom) : undefined,
            createdTo: query.createdTo ? new Date(query.createdTo) : undefined,
          },
          pageRequest(query, PROPERTY_SORTS),
        );
        return pageAnswer(query, page, (p) => propertyJson(p, deps.mediaUrl));
      },
    }),
    operation({
      operationId: 'createProperty',
      method: 'post',
      path: '/properties',
      summary: 'List a property',
      description:
        'The property and its offer are created (a reference number per office); matching runs on the offer.',
      body: NewProperty,
      success: { status: 201, description: 'the property', schema: Property },
      errors: ['LISTING.INVALID_INPUT', 'LISTING.OWNER_NOT_FOUND'],
      handler: async ({ write, scope, body, deps }) =>
        fromResult(
          await write(async (core) => {
            const made = await core.listings.create(scope, { ...body, source: 'api' });
            return made.ok ? reread(core, scope, made.value.propertyId) : made;
          }),
          (p) => propertyJson(p, deps.mediaUrl),
          { version: (p) => p },
        ),
    }),
    operation({
      operationId: 'getProperty',
      method: 'get',
      path: '/properties/{id}',
      summary: 'Get a property',
      params: IdParams,
      success: { status: 200, description: 'the property', schema: Property },
      errors: ['LISTING.NOT_FOUND'],
      handler: async ({ core, scope, params, deps }) => {
        const row = await core.listings.property(scope, params.id);
        return row
          ? fromResult({ ok: true, value: row }, (p) => propertyJson(p, deps.mediaUrl), { version: (p) => p })
          : failure('LISTING.NOT_FOUND');
      },
    }),
    operation({
      operationId: 'setPropertyStatus',
      method: 'put',
      path: '/properties/{id}/status',
      summary: "Change a property's status",
      description:
        'Sold, rented, archived or draft: its active offers close and it leaves the marketplace. Active again: its offers reopen.',
      params: IdParams,
      body: z.object({ status: z.enum(PROPERTY_STATUSES) }).openapi('PropertyStatusChange'),
      ifMatch: true,
      success: { status: 200, description: 'the property', schema: Property },
      errors: ['LISTING.NOT_FOUND'],
      handler: async ({ write, scope, params, body, ifMatch, deps }) =>
        fromResult(
          await write(async (core) => {
            authorize(scope, 'properties', 'edit', 'property.status');
            const current = await core.listings.property(scope, params.id);
            if (!current) return { ok: false as const, error: { code: 'LISTING.NOT_FOUND' as const } };
            ifMatch(current);
            const done = await core.listings.setStatus(scope, params.id, body.status);
            return done.ok ? reread(core, scope, params.id) : done;
          }),
          (p) => propertyJson(p, deps.mediaUrl),
          { version: (p) => p },
        ),
    }),
    operation({
      operationId: 'publishProperty',
      method: 'post',
      path: '/properties/{id}/publish',
      summary: 'Publish a property on the marketplace',
      description:
        'Its active offers are shared with other offices (summaries only; contacts after an accepted match). Needs the REGA advertising licence.',
      params: IdParams,
      success: { status: 200, description: 'published', schema: Publication },
      errors: ['LISTING.NOT_FOUND', 'LISTING.LICENCE_REQUIRED', 'LISTING.NOT_ACTIVE'],
      handler: async ({ write, scope, params }) =>
        fromResult(await write((core) => core.listings.publish(scope, params.id)), (r) => ({
          id: params.id,
          isPublished: true,
          offers: r.offers,
        })),
    }),
    operation({
      operationId: 'unpublishProperty',
      method: 'post',
      path: '/properties/{id}/unpublish',
      summary: 'Withdraw a property from the marketplace',
      params: IdParams,
      success: { status: 200, description: 'unpublished', schema: Publication },
      errors: ['LISTING.NOT_FOUND'],
      handler: async ({ write, scope, params }) =>
        fromResult(await write((core) => core.listings.unpublish(scope, params.id)), (r) => ({
          id: params.id,
          isPublished: false,
          offers: r.offers,
        })),
    }),
    operation({
      operationId: 'uploadPropertyImage',
      method: 'post',
      path: '/properties/{id}/images',
      summary: 'Add a photo to a property',
      description:
        'multipart/form-data with one `file` (JPEG, PNG or WebP, at most 10 MiB). The first photo is the cover.',
      params: IdParams,
      body: Upload,
      bodyType: 'multipart',
      maxBodyBytes: MAX_IMAGE_BYTES + 64 * 1024,
      success: { status: 201, description: 'the photo', schema: Image },
      errors: ['LISTING.NOT_FOUND', 'LISTING.TOO_MANY_IMAGES', 'API.UNSUPPORTED_MEDIA_TYPE', 'API.PAYLOAD_TOO_LARGE'],
      handler: async ({ write, scope, params, body, deps }) => {
        const file = body.file;
        const mimeType = IMAGE_TYPES.find((t) => t === file.type);
        if (!mimeType) return failure('API.UNSUPPORTED_MEDIA_TYPE', { accepted: [...IMAGE_TYPES] });
        if (file.size === 0)
          throw new ProblemError('API.INVALID_INPUT', { errors: [{ path: 'file', message: 'empty' }] });
        if (file.size > MAX_IMAGE_BYTES) return failure('API.PAYLOAD_TOO_LARGE', { maxBytes: MAX_IMAGE_BYTES });
        const bytes = new Uint8Array(await file.arrayBuffer());
        if (!looksLike(mimeType, bytes)) return failure('API.UNSUPPORTED_MEDIA_TYPE', { accepted: [...IMAGE_TYPES] });
        return fromResult(
          await write(async (core) => {
            const added = await core.listings.addImage(scope, params.id, { mimeType, sizeBytes: bytes.length });
            // the bytes are written inside the transaction: a failed write leaves no row behind
            if (added.ok) await deps.storage.put(added.value.storageKey, bytes, mimeType);
            return added;
          }),
          (i) => ({
            id: i.id,
            url: deps.mediaUrl(i.storageKey),
            mimeType,
            sizeBytes: bytes.length,
            sortOrder: i.sortOrder,
            isCover: i.isCover,
          }),
        );
      },
    }),
  ],
);

/** Whether the bytes start as the type says (a PNG named image/jpeg, or a script named image/png, is refused). */
function looksLike(type: (typeof IMAGE_TYPES)[number], b: Uint8Array): boolean {
  if (type === 'image/jpeg') return b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
  if (type === 'image/png') return b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
  return String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP';
}
