import { describe, expect, it } from 'vitest';
import { foldForSearch } from '../../../core/shared/text.ts';

describe('foldForSearch', () => {
  it('unifies the letter forms people type for one name', () => {
    const forms = ['أحمد', 'احمد', 'إحمد', 'أَحْمَد', 'احـــمد'];
    expect(new Set(forms.map(foldForSearch))).toEqual(new Set(['احمد']));
    expect(foldForSearch('نورة')).toBe(foldForSearch('نوره'));
    expect(foldForSearch('مصطفى')).toBe(foldForSearch('مصطفي'));
  });

  it('lower-cases Latin and collapses spaces', () => {
    expect(foldForSearch('  Sara   AHMED ')).toBe('sara ahmed');
  });
});
