// Folding for search keys: the forms a person may type for the same Arabic name become one
// ("أحمد", "احمد", "إحمد"; "نورة", "نوره"; "مصطفى", "مصطفي"), tashkeel and tatweel vanish, Latin
// letters are lower-cased. The parser has a richer normaliser for understanding; this one only
// makes stored names findable.
const TASHKEEL = /[\u064B-\u065F\u0670\u0640]/g;

export function foldForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .replace(TASHKEEL, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
