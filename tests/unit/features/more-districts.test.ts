// «الملقا او الياسمين»: every district a client names, in the city of the first (criteria.ts moreDistrictsIn).
import { describe, expect, it } from 'vitest';
import { describeCriteria, moreDistrictsIn, requestFrom } from '../../../bot/features/shared/criteria.ts';

describe('moreDistrictsIn', () => {
  it('reads the districts named after the first, with «او», «و», a comma or "or"', () => {
    expect(moreDistrictsIn('حي الملقا او الياسمين', 'الملقا', 'Riyadh')).toEqual(['الياسمين']);
    expect(moreDistrictsIn('ابي فيلا بالنرجس او العارض حدود ٣ مليون', 'النرجس', 'Riyadh')).toEqual(['العارض']);
    expect(moreDistrictsIn('الملقا، الياسمين والعارض', 'الملقا', 'Riyadh')).toEqual(['الياسمين', 'العارض']);
    expect(moreDistrictsIn('apartment in al malqa or al yasmin riyadh', 'الملقا', 'Riyadh')).toEqual(['الياسمين']);
  });

  it('reads nothing without a first district or a city, and nothing that is no district of that city', () => {
    expect(moreDistrictsIn('الملقا او الياسمين', undefined, 'Riyadh')).toEqual([]);
    expect(moreDistrictsIn('الملقا او الياسمين', 'الملقا', undefined)).toEqual([]);
    expect(moreDistrictsIn('بالملقا او حدود مليون', 'الملقا', 'Riyadh')).toEqual([]);
    expect(moreDistrictsIn('الملقا او الملقا', 'الملقا', 'Riyadh')).toEqual([]);
  });
});

describe('a request of several districts', () => {
  const c = {
    listingType: 'rent' as const,
    propertyType: 'apartment' as const,
    city: 'Riyadh',
    district: 'الملقا',
    moreDistricts: ['الياسمين'],
  };
  it('keeps them all and names them all', () => {
    expect(requestFrom(c).districts).toEqual(['الملقا', 'الياسمين']);
    expect(describeCriteria('ar', c)).toContain('الملقا أو الياسمين، الرياض');
    expect(describeCriteria('en', c)).toMatch(/Al Malqa or Al Yasm(i|ee)n, Riyadh/);
  });
});
