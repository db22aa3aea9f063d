// "my budget is 50k, 2 bedrooms" right after a search is about that search (requests.handlers.ts searchedFor).
import { describe, expect, it } from 'vitest';
import { SEARCH_CONTEXT_MS, searchedFor } from '../../../bot/features/requests/requests.handlers.ts';

const at = '2026-12-15T17:10:00.000Z';
const soon = new Date(Date.parse(at) + 60_000);
const search = { listingType: 'rent', propertyType: 'apartment', city: 'Riyadh', district: 'النرجس', at };

describe('searchedFor', () => {
  it("gives a budget-only message the search's deal, type and place", () => {
    expect(searchedFor(search, { budgetMax: 50_000, bedrooms: 2 }, soon)).toEqual({
      listingType: 'rent',
      propertyType: 'apartment',
      city: 'Riyadh',
      district: 'النرجس',
    });
  });

  it('keeps every district the search named', () => {
    expect(searchedFor({ ...search, moreDistricts: ['الملقا'] }, { budgetMax: 60_000 }, soon)).toMatchObject({
      district: 'النرجس',
      moreDistricts: ['الملقا'],
    });
  });

  it('keeps the deal the message states', () => {
    expect(searchedFor(search, { listingType: 'sale', budgetMax: 900_000 }, soon)).not.toHaveProperty('listingType');
  });

  it('adds nothing to a message with a type or a place of its own (a new search)', () => {
    expect(searchedFor(search, { propertyType: 'land', budgetMax: 1_000_000 }, soon)).toEqual({});
    expect(searchedFor(search, { city: 'Jeddah' }, soon)).toEqual({});
    expect(searchedFor(search, { district: 'الملقا' }, soon)).toEqual({});
  });

  it('adds nothing after half an hour, or from a state that is not a search', () => {
    expect(searchedFor(search, { budgetMax: 1 }, new Date(Date.parse(at) + SEARCH_CONTEXT_MS + 1))).toEqual({});
    expect(searchedFor(undefined, { budgetMax: 1 }, soon)).toEqual({});
    expect(searchedFor({ propertyType: 'castle', at }, { budgetMax: 1 }, soon)).toEqual({});
  });
});
