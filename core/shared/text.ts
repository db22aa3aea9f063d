// Arabic letter forms: the forms a person may type for the same letter become one ("أحمد", "احمد",
// "إحمد"; "نورة", "نوره"; "مصطفى", "مصطفي"; Persian keyboards' ی and ک). The one table of these forms:
// the parser's folding table (bot/language/normalize.ts) reads it too.
//
// foldForSearch makes stored names findable: letter forms folded, tashkeel and tatweel removed, Latin
// lower-cased. The parser has a richer normaliser for understanding.

const LETTER_FORMS = new Map<number, number>([
  // alef with hamza, madda or wasla → ا
  [0x0622, 0x0627],
  [0x0623, 0x0627],
  [0x0625, 0x0627],
  [0x0671, 0x0627],
  [0x0672, 0x0627],
  [0x0673, 0x0627],
  // alef maqsura, Persian yeh, yeh barree, yeh with hamza → ي
  [0x0649, 0x064a],
  [0x06cc, 0x064a],
  [0x06d2, 0x064a],
  [0x0626, 0x064a],
  // waw with hamza → و
  [0x0624, 0x0648],
  // teh marbuta and its Persian/Urdu forms → ه
  [0x0629, 0x0647],
  [0x06c0, 0x0647],
  [0x06c1, 0x0647],
  [0x06d5, 0x0647],
  // Persian keheh and gaf → ك, peh → ب, tcheh → ج, veh → ف, jeh → ز
  [0x06a9, 0x0643],
  [0x06af, 0x0643],
  [0x067e, 0x0628],
  [0x0686, 0x062c],
  [0x06a4, 0x0641],
  [0x0698, 0x0632],
]);

/** The plain Arabic letter of a letter form (أ → ا, ة → ه, ی → ي), or the code itself. */
export function foldArabicLetterCode(code: number): number {
  return LETTER_FORMS.get(code) ?? code;
}

const LETTER_FORM = new RegExp(
  `[${[...LETTER_FORMS.keys()].map((c) => `\\u${c.toString(16).padStart(4, '0')}`).join('')}]`,
  'g',
);

/** The text with every Arabic letter form folded to its plain letter. */
export function foldArabicLetters(text: string): string {
  return text.replace(LETTER_FORM, (ch) => String.fromCharCode(foldArabicLetterCode(ch.charCodeAt(0))));
}

const TASHKEEL = /[\u064B-\u065F\u0670\u0640]/g;

export function foldForSearch(text: string): string {
  return foldArabicLetters(text.normalize('NFKC').replace(TASHKEEL, '')).toLowerCase().replace(/\s+/g, ' ').trim();
}

// A name written in the other script: the broker saved "Omar" and writes «أجلت موعد عمر» (issue 11).
// Both sides become a consonant skeleton as a transliteration writes it: long vowels, ع, ء and a final
// h (ة) drop, doubled letters collapse, q reads k and dh reads th. Only tokens of different scripts are
// compared, so that two Arabic names with one skeleton (سعد, سعيد) are never taken for each other.
const AR_LATIN: Record<string, string> = {
  ب: 'b',
  ت: 't',
  ث: 'th',
  ج: 'j',
  ح: 'h',
  خ: 'kh',
  د: 'd',
  ذ: 'th',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'sh',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  غ: 'gh',
  ف: 'f',
  ق: 'k',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
};

function skeleton(token: string): { script: 'ar' | 'latin'; key: string } | null {
  const folded = foldForSearch(token);
  let key: string;
  let script: 'ar' | 'latin';
  if (/^[a-z'-]+$/.test(folded)) {
    script = 'latin';
    key = folded
      .replace(/[^a-z]/g, '')
      .replace(/q/g, 'k')
      .replace(/dh/g, 'th')
      .replace(/[aeiouyw]/g, '');
  } else if (/^[\u0621-\u064A]+$/.test(folded)) {
    script = 'ar';
    key = [...folded].map((ch) => AR_LATIN[ch] ?? '').join('');
  } else return null;
  key = key.replace(/(.)\1+/g, '$1').replace(/h$/, '');
  return key ? { script, key } : null;
}

/**
 * True when every word of `query` has a word of `stored`, in the other script, with the same
 * skeleton: «عمر» finds "Omar Alharbi", "Khaled" finds «خالد العتيبي». Same-script names never match here.
 */
export function sameNameAcrossScripts(query: string, stored: string): boolean {
  const q = foldForSearch(query).split(' ').map(skeleton);
  const s = foldForSearch(stored).split(' ').map(skeleton);
  if (q.length === 0 || q.some((k) => !k)) return false;
  return q.every((k) => s.some((w) => w !== null && w.script !== k!.script && w.key === k!.key));
}

/**
 * The number of one-letter edits (insert, delete, replace, swap two neighbours) between two strings:
 * "apartmnt" and "apartment" are 1 apart, "appartement" and "apartment" 2. The optimal-string-alignment
 * distance, by UTF-16 code units.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current[j] = best;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}
