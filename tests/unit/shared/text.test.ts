import { describe, expect, it } from 'vitest';
import { normalizeArabic } from '../../../bot/language/normalize.ts';
import { editDistance, foldArabicLetters, foldForSearch } from '../../../core/shared/text.ts';

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

describe('foldArabicLetters', () => {
  it('folds alef, yeh, waw and teh marbuta forms and Persian letters, and nothing else', () => {
    expect(foldArabicLetters('أإآٱ ىیئ ؤ ةۀ کگ پچڤژ')).toBe('اااا ييي و هه كك بجفز');
    expect(foldArabicLetters('Sara ٣ احمد!')).toBe('Sara ٣ احمد!');
  });

  it('is the folding the parser uses for letters', () => {
    const text = 'أحمد إيمان آمنة مصطفى علی شئون مؤمن نورة کریم گل پارک چای ڤيلا ژاله';
    expect(normalizeArabic(text)).toBe(foldArabicLetters(text));
    expect(normalizeArabic(text)).toBe('احمد ايمان امنه مصطفي علي شيون مومن نوره كريم كل بارك جاي فيلا زاله');
  });
});

describe('editDistance', () => {
  it('counts one insert, delete, replacement or swap of neighbours as one edit', () => {
    expect(editDistance('apartment', 'apartment')).toBe(0);
    expect(editDistance('apartmnt', 'apartment')).toBe(1);
    expect(editDistance('appartment', 'apartment')).toBe(1);
    expect(editDistance('apartmant', 'apartment')).toBe(1);
    expect(editDistance('aparmtent', 'apartment')).toBe(1);
    expect(editDistance('appartement', 'apartment')).toBe(2);
  });

  it('is symmetric and counts from an empty string', () => {
    expect(editDistance('', 'villa')).toBe(5);
    expect(editDistance('villa', '')).toBe(5);
    expect(editDistance('vila', 'villa')).toBe(editDistance('villa', 'vila'));
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
