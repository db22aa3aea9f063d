// Matrix fixtures of the CRM resources beyond customers: requests, properties (photos, status,
// publication), offers and matches. Spread into api-fixtures.ts; crmSetup runs after the customer there.
import { memberScope } from '../../core/shared/scope.ts';
import type { OperationFixture, World } from './api-fixtures.ts';

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

const ownerScope = (w: World) =>
  memberScope({ organizationId: w.a.id, userId: w.a.owner.id, role: 'owner', via: 'api' });

/** A property of office A (with its offer), listed by its owner through core, with a REGA licence. */
export async function newProperty(w: World): Promise<{ propertyId: string; offerId: string }> {
  const made = await w.api.api.transact((core) =>
    core.listings.create(ownerScope(w), {
      listingType: 'sale',
      propertyType: 'villa',
      city: 'الرياض',
      district: 'الملقا',
      area: 400,
      price: 2_500_000,
      bedrooms: 5,
      regaAdLicenseNumber: '7200012345',
      source: 'test',
    }),
  );
  if (!made.ok) throw new Error(made.error.code);
  return { propertyId: made.value.propertyId, offerId: made.value.offerId };
}

/** A request of office A and a pending match of it with office A's offer, for the owner (as its broker). */
export async function newMatch(w: World): Promise<string> {
  const request = await w.api.db.request.create({
    data: { organizationId: w.a.id, userId: w.a.owner.id, type: 'sale', cities: ['الرياض'], priceMax: 3_000_000 },
  });
  const match = await w.api.db.smartMatch.create({
    data: {
      organizationId: w.a.id,
      offerId: w.ids.offer!,
      requestId: request.id,
      brokerId: w.a.owner.id,
      score: 82,
      matchedFeatures: [{ feature: 'city', points: 20, basis: 'exact' }],
    },
  });
  return match.id;
}

export async function crmSetup(w: World): Promise<void> {
  w.ids.request = (
    await w.api.db.request.create({
      data: {
        organizationId: w.a.id,
        userId: w.broker.id,
        customerId: w.ids.customer,
        type: 'sale',
        cities: ['الرياض'],
        priceMax: 3_000_000,
      },
    })
  ).id;
  const listed = await newProperty(w);
  w.ids.property = listed.propertyId;
  w.ids.offer = listed.offerId;
  w.ids.match = await newMatch(w);
}

export const crmFixtures: Record<string, OperationFixture> = {
  // requests
  listRequests: { query: () => ({ status: 'active', limit: '10' }) },
  createRequest: {
    body: (w) => ({ customerId: w.ids.customer, type: 'rent', cities: ['جدة'], priceMax: 80_000, urgency: 'high' }),
  },
  getRequest: { params: (w) => ({ id: w.ids.request! }) },
  updateRequest: { params: (w) => ({ id: w.ids.request! }), body: () => ({ urgency: 'urgent' }) },
  // properties
  listProperties: { query: () => ({ city: 'الرياض', sort: '-price' }) },
  createProperty: {
    body: () => ({
      listingType: 'rent',
      propertyType: 'apartment',
      rentPeriod: 'yearly',
      city: 'جدة',
      district: 'الروضة',
      area: 160,
      price: 60_000,
      bedrooms: 3,
    }),
  },
  getProperty: { params: (w) => ({ id: w.ids.property! }) },
  setPropertyStatus: {
    params: async (w) => ({ id: (await newProperty(w)).propertyId }),
    body: () => ({ status: 'sold' }),
  },
  publishProperty: { params: (w) => ({ id: w.ids.property! }) },
  unpublishProperty: { params: (w) => ({ id: w.ids.property! }) },
  uploadPropertyImage: {
    params: (w) => ({ id: w.ids.property! }),
    form: () => {
      const form = new FormData();
      form.append('file', new Blob([PNG], { type: 'image/png' }), 'front.png');
      return form;
    },
  },
  // offers
  listOffers: { query: () => ({ status: 'active' }) },
  getOffer: { params: (w) => ({ id: w.ids.offer! }) },
  setOfferStatus: {
    params: async (w) => ({ id: (await newProperty(w)).offerId }),
    body: () => ({ status: 'paused' }),
  },
  // matches (a match is its broker's to answer: the owner is the broker of these)
  listMatches: { query: () => ({ status: 'pending', sort: '-score' }) },
  getMatch: { params: (w) => ({ id: w.ids.match! }) },
  acceptMatch: { params: async (w) => ({ id: await newMatch(w) }) },
  rejectMatch: { params: async (w) => ({ id: await newMatch(w) }) },
};
