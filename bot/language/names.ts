// People's names, as written in the message.
//
// A name is read
// - after a kunya: أبو / ابو / أم / ام / بو + a word ("أبو فهد", "لأبو فهد" → "أبو فهد");
// - after a strong cue (اسمه, اسمها, باسم, عميل / عميلة [جديد], أضف/سجل عميل, new lead:, customer, named):
//   the next word that is not a keyword, a number, a place or a function word, known or not;
// - after a weaker cue (مع, كلمت, اتصلت على, أتصل ب…, حالة, رقم, موعد, طلب, ملاحظة على, with, call,
//   remind … to call): a known first name;
// - anywhere: a known first name (a list of common Saudi/Arab first names; everyday words such as سعيد,
//   كريم, أمل, نور are left out of the list), with ل / ب / و in front removed ("لنورة" → "نورة"); such
//   an everyday-word name with «ل» right after what is done for someone («ملاحظة لجميل», «معاينة لسعيد»);
// - in English: capitalised words after a cue, or a known first name (in lower case too after a cue such as
//   mark/set, or first in the message before a verb: "omar is interested");
// The name goes on with "بن X", "آل X", a family name (ال… ending in ي, e.g. الغامدي, or a known one),
// and a second known first name ("محمد عبدالله"), up to four words. The first name found wins.
import { bases, cleanDisplay, T_AR, T_LAT, T_PUNCT, type Token } from './normalize.ts';
import { isNumberWord } from './numbers.ts';

const AR_NAMES_LIST = `محمد أحمد احمد محمود مصطفى خالد فهد سعد سعود عبدالله عبدالرحمن عبدالعزيز عبدالمجيد عبدالكريم عبدالرحيم
عبدالملك عبدالإله عبدالاله عبدالمحسن عبداللطيف عبدالسلام عبدالوهاب عبدالهادي عبدالناصر عبدالحميد عبدالخالق عبدالرزاق
عبدالمنعم عبدالقادر عبدالجبار عبدالعليم عبدالحكيم فيصل سلطان ناصر تركي بندر ماجد عمر علي يوسف إبراهيم ابراهيم
سلمان مشاري نواف مشعل متعب منصور راشد حمد حمود حامد حسن حسين طلال وليد ياسر يزيد زياد طارق عمار عثمان أنس انس
بدر ثامر ثامر نايف سامي سامر هاني هشام وائل رائد ريان سيف صقر غازي فارس فواز مازن معاذ مهند نبيل نادر نزار
هيثم يحيى يعقوب إسماعيل اسماعيل موسى عيسى آدم ادم زكريا سليمان سليم صالح عادل عبدالعزيز عبدالرحمن فراس قاسم كمال
لؤي مالك مروان مصعب مشاري منذر مهدي ناجي نواف هادي هتان وسام ياسين أيمن ايمن باسل تميم جابر جاسم جمال حاتم
حازم حمزة خليل رامي رياض زيد سعيد شادي شريف صابر ضيف عاصم عامر عبيد عزام عصام علاء عماد عوض غسان فادي فهيد
فيحان قصي لافي مبارك مجدي محسن مرزوق مساعد مطلق مفلح ممدوح منيف مهنا نايف نشمي هزاع وضاح يزن عبدالاله عايض
عايد ظافر شبيب سعدون دخيل حمدان جبر بشير بسام أسامة اسامة أنور انور إياد اياد إيهاب ايهاب بكر تامر جلال جواد
حمدي خلف راكان رشيد سطام سعيد سلطان شاكر شهاب صلاح ضاري طلال عبادي عبود عمرو عناد غانم فالح فرحان فلاح
قبلان ماهر محمد مشعل معتز مقرن منصور نايف نهار هلال وليد يوسف عبدالمحسن عبدالمجيد سعد الدين
نورة نوره سارة ساره سارا فاطمة فاطمه عائشة عائشه مريم خديجة خديجه زينب ريم هند منيرة منيره العنود الجوهرة
هيفاء هيفا لمى مها نوف رهف شهد رنا رانيا ريما دانة دانيه ديما غادة غاده أسماء لبنى هالة هاله هدى بشرى
أروى اروى جميلة حنان خلود دلال رحاب رزان روان سلمى سمر سهام شيماء عبير عفاف غدير فجر لولوة لولوه ليلى
مشاعل منال ميار ميساء نجلاء نسرين نهى نوال هبة هبه هناء وجدان ياسمين يارا تهاني تغريد تسنيم بسمة سحر سوزان
أمل امل لطيفة منى شوق جوري ريناد رغد جود غلا وعد سما نور عبد بلال
جواهر أريج اريج بيان تالا جنى حلا دعاء سديم شذى عهود لجين مرام ملاك نجود هيا وجد عذاري موضي نورة منيرة
سلوى صفية عزيزة حصة نوير بدرية شيخة مزنة الهنوف هنوف البندري بندري غيداء لولو رهام ربى رزان ضحى
هذال مانع عايض دغيم سطام فرحان مشعل بتال زامل جاسر راجح صالح سلطان مساعد عبدالمحسن عبدالحكيم محمد
خالد أسامة حسام شهد ثامر نادر عمر أحمد حمود عبيد عياد مهدي معن أيوب يونس إدريس ادريس هارون
داود داوود سفيان شعيب جهاد رضا مجد يامن لؤي أديب اديب حسان عدنان فؤاد مأمون منير وائل`;

/** Known first names that are everyday words too: names only after a cue, never on their own. */
const CUE_ONLY = new Set(
  'عبد عزيزه ضحي بيان ملاك رضا مجد جهاد وجد هيا ربي جني حلا دعا مرام عهود اديب مانع راجح مامون سعيد جميل جميلة كريم امين صالح زين هلا وعد غلا امل نور سلام بدر هادي سالم فرح سما جود رغد منى اسماء ليلي وفا حصه لطيفه الجوهره دانه شوق فجر ضيف عوض خلف جبر غانم فالح فلاح نهار هلال شهاب بشير رياض مالك عادل شريف صابر كمال جمال حاتم جواد عماد سعد بكر تامر راشد حمد حامد شاكر'
    .split(/\s+/)
    .map((w) => key(w)),
);
const AR_NAMES = new Set(
  AR_NAMES_LIST.split(/\s+/)
    .filter(Boolean)
    .map((w) => key(w)),
);

const EN_NAMES = new Set(
  `mohammed mohammad muhammad mohamed ahmed ahmad khalid khaled fahad fahd saad saud abdullah abdulrahman abdulaziz
faisal sultan nasser naser turki bandar majid omar umar ali yousef yusuf youssef ibrahim salman mishari nawaf mishal
mansour rashid hamad hassan hussein hussain talal waleed walid yasser yazid ziad ziyad tariq tarek ammar othman anas
badr thamer nayef sami hani hisham wael raed rayan saif fares fawaz mazen muath sulaiman suleiman saleh adel adil
noura nora norah sara sarah fatima fatimah aisha maryam mariam khadija reem hind munira jawhara haifa lama maha
nouf rahaf shahad rana rania reema dana deema ghada asma lubna hala huda bushra arwa hanan dalal razan rawan salma
samar abeer lulwa layla laila leila nada dina lina yasmin yasmine yara john james david michael robert mary jennifer
linda elizabeth william richard joseph thomas charles daniel matthew anthony paul steven andrew joshua kevin
brian george edward peter emma olivia sophia isabella mia amelia harper emily abigail ella anna grace chloe lucy
jessica ashley amanda stephanie nicole melissa rebecca laura kate katie adam sam alex chris mike tom nick ben
jack harry oliver noah liam ethan lucas mason logan jacob ryan tony steve bob jim joe dan leo
salem salim majed maged nayef naif abdulmajeed abdulkarim abdulmohsen abdulelah abdulilah bader hamza hamzah
meshari mishaal ziyad osama usama hatem hazem mansoor yasir yaser rakan azzam ghazi hamoud obaid sattam mutlaq
nourah alanoud anoud jawaher shatha hessa munirah latifa mashael haya ghadah amal wafa`
    .split(/\s+/)
    .filter(Boolean),
);

const FAMILY = new Set(
  'الشيخ العمر الراشد الفلاج السعد الحمد المحمد العبدالله الخالد الفهد الناصر الصالح المنصور العلي الحسن البدر السلطان الدخيل المالك التركي الجاسر الماجد الزامل العثمان الجبر الفوزان البسام السويلم'
    .split(/\s+/)
    .map((w) => key(w)),
);

const KUNYA = new Set(['ابو', 'ام', 'بو', 'ابن']);
const STRONG_CUES = new Set([
  'اسمه',
  'اسمها',
  'باسم',
  'بإسم',
  'الاسم',
  'اسم',
  'عميل',
  'عميله',
  'العميل',
  'العميله',
  'للعميل',
  'للعميله',
  'عميلي',
  'عميلتي',
  'زبوني',
  'زبون',
  'الزبون',
  'زبونه',
  'lead',
  'leed',
  'customer',
  'client',
  'named',
  'name',
  'called',
]);
const WEAK_CUES = new Set([
  'مع',
  'كلمت',
  'اكلم',
  'كلم',
  'اتصل',
  'اتصلت',
  'زرت',
  'قابلت',
  'تواصلت',
  'حاله',
  'رقم',
  'جوال',
  'موعد',
  'طلب',
  'على',
  'عن',
  'ميزانيه',
  'اهتمام',
  'with',
  'call',
  'meet',
  'met',
  'text',
  'email',
  'for',
  'to',
  'contact',
  'remind',
  'about',
  'visit',
  'phone',
  'number',
  'status',
  'mark',
  'set',
  'move',
  'update',
  'find',
  'show',
  'open',
  'details',
  'profile',
  'who',
  'book',
  'schedule',
]);
/** "omar is interested": a known name written in lower case, first in the message, before one of these. */
const EN_SUBJECT_VERBS = new Set(
  "is was wants want needs need said says called asked has agreed accepted declined prefers likes replied visited saw bought rented signed paid cancelled canceled will changed raised lowered increased reduced dropped moved booked confirmed texted messaged came got budget number phone mobile status not can cant can't just bailed backed found went".split(
    ' ',
  ),
);
/** Verbs that take the customer right after them at the start: "put reem as negotiating". */
const EN_OBJECT_VERBS = new Set(['put', 'set', 'make', 'move']);
/** Words skipped between a cue and the name ("عميل جديد: أحمد", "lead: Sara", "اسمه الأخ خالد"). */
const FILLERS = new Set([
  'me',
  'جديد',
  'جديده',
  'new',
  ':',
  '-',
  ',',
  '.',
  'اسمه',
  'اسمها',
  'named',
  'called',
  'name',
  'is',
  'mr',
  'mrs',
  'ms',
  'miss',
  'dr',
  'الاخ',
  'الاخت',
  'الاستاذ',
  'استاذ',
  'السيد',
  'السيده',
  'الدكتور',
  'دكتور',
  'المهندس',
  'م',
  'د',
  'الشيخ',
]);
const NOT_NAMES = new Set(
  'في من على الى عن مع يا هو هي هم انا انت احنا اللي الي هذا هذه هذي هنا كل بعض اي وش ايش شو ليش كيف متى وين كم لو اذا ان لان عشان قد تم ما مو لا لم لن ليس بس ثم بعدين الحين الان جدا مره كثير شوي له لها لي لك فيها فيه عليه منه عنده عندي عندنا يبي تبي ابي يبغي تبغي ابغي يدور تدور جديد جديده رقمه رقمها جواله جوالها اسمه اسمها صاحب المالك المشتري البائع الوسيط الاخ ولد بنت واحد وحده شخص احد ناس عميل عميله عملاء زبون اليوم بكره'
    .split(/\s+/)
    .map((w) => key(w)),
);

function key(w: string): string {
  return w
    .replace(/[أإآ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/ء/g, '');
}

/** The token's name form: itself, or without a leading ل / ب / و ("لنورة" → "نوره"). */
function nameBase(tok: Token): { n: string; cut: number } {
  if (AR_NAMES.has(tok.n) || KUNYA.has(tok.n) || tok.n === 'عبد') return { n: tok.n, cut: 0 };
  if (tok.t === T_AR && tok.n.length >= 3) {
    const c = tok.n[0];
    if (c === 'ل' || c === 'ب' || c === 'و') {
      const rest = tok.n.slice(1);
      if (AR_NAMES.has(rest) || KUNYA.has(rest)) return { n: rest, cut: 1 };
      if (c === 'و' && (rest[0] === 'ل' || rest[0] === 'ب') && AR_NAMES.has(rest.slice(1)))
        return { n: rest.slice(1), cut: 2 };
    }
  }
  return { n: tok.n, cut: 0 };
}

/** A known first name, an everyday word too or not («عادل», «حمد»): before «الشهري» it makes a family name. */
export function isAnyFirstName(tok: Token): boolean {
  return tok.t === T_AR ? AR_NAMES.has(nameBase(tok).n) : isKnownFirstName(tok);
}

/** A known first name that can stand alone (not an everyday word). */
export function isKnownFirstName(tok: Token): boolean {
  if (tok.t === T_AR) {
    const b = nameBase(tok).n;
    return AR_NAMES.has(b) && !CUE_ONLY.has(b);
  }
  // in any case: brokers type "new lead khalid …" as often as "Khalid"
  if (tok.t === T_LAT) return EN_NAMES.has(tok.n);
  return false;
}

export interface NameContext {
  tags: (string[] | undefined)[];
  text: string;
}

interface Span {
  i0: number;
  i1: number;
  cut: number;
}

function usable(toks: Token[], i: number, used: Uint8Array): Token | undefined {
  const t = toks[i];
  if (!t || used[i]) return undefined;
  return t;
}

function isTagged(ctx: NameContext, i: number): boolean {
  const t = ctx.tags[i];
  return !!t && t.length > 0;
}

/** Can the Arabic token at i be a (first) name? `known`: must be in the list. */
function arabicFirst(
  toks: Token[],
  i: number,
  used: Uint8Array,
  ctx: NameContext,
  mode: 'known' | 'any' | 'alone',
): number | undefined {
  const t = usable(toks, i, used);
  if (!t || t.t !== T_AR || isPreposition(t, ctx)) return undefined;
  const { n, cut } = nameBase(t);
  if (AR_NAMES.has(n)) {
    if (mode === 'alone' && CUE_ONLY.has(n)) return undefined;
    return cut;
  }
  if (mode !== 'any') return undefined;
  if (isTagged(ctx, i) || NOT_NAMES.has(t.n) || isNumberWord(t)) return undefined;
  if (t.n.length < 2 || t.n.startsWith('ال')) return undefined;
  // present-tense verbs (يسأل, تبي…) are not names
  if ((t.n[0] === 'ي' || t.n[0] === 'ت') && t.n.length >= 3) return undefined;
  return 0;
}

/** What is done for someone: «ملاحظة لـ…», «معاينة لـ…», «موعد لـ…», «مهمة لـ…». */
const FOR_SOMEONE = new Set(
  ['ملاحظة', 'ملاحظات', 'معاينة', 'موعد', 'مهمة', 'تذكير', 'اتصال', 'زيارة', 'عرض', 'طلب', 'حجز', 'احجز', 'رسالة'].map(
    (w) => key(w),
  ),
);
/** A deal done for someone: «بعت العقار ١ لحمد», «أجرت شقة الملقا لسعد», «تم بيع الأرض لفيصل». */
const DEAL_VERBS = new Set(
  ['بعت', 'بعنا', 'بعته', 'بعتها', 'بعناه', 'بعناها', 'بيع', 'أجرت', 'أجرنا', 'أجرته', 'أجرتها', 'تأجير'].map((w) =>
    key(w),
  ),
);
/** The word is «ل» + a name, right after something done for someone or a few words after a deal's verb. */
function forSomeone(toks: Token[], i: number): boolean {
  const t = toks[i] as Token;
  const before = toks[i - 1];
  if (!t.n.startsWith('ل') || before === undefined) return false;
  if (FOR_SOMEONE.has(before.n)) return true;
  for (let k = Math.max(0, i - 4); k < i; k++) if (DEAL_VERBS.has((toks[k] as Token).n)) return true;
  return false;
}

/**
 * «احجز لبدر», «معاينة لسعيد»: «ل» + a known first name (an everyday word too) right after something done
 * for someone. Places ask it first: «لبدر» there is "for Badr", not "to Badr" the town.
 */
export function isNameForSomeone(toks: Token[], i: number): boolean {
  const t = toks[i] as Token;
  return t.t === T_AR && forSomeone(toks, i) && nameBase(t).cut === 1 && AR_NAMES.has(nameBase(t).n);
}

/** "على" (on) folds to the same letters as the name علي (Ali): tell them apart by the written ى. */
function isPreposition(t: Token, ctx: NameContext): boolean {
  return (t.n === 'علي' || t.n === 'لعلي') && ctx.text.charAt(t.e - 1) === 'ى';
}

function extendArabic(toks: Token[], i: number, used: Uint8Array, ctx: NameContext): number {
  let j = i + 1;
  let words = 1;
  // "عبد الله", "عبد الرحمن" written in two words
  const first = toks[i] as Token;
  const second = usable(toks, i + 1, used);
  if (nameBase(first).n === 'عبد' && second && second.t === T_AR && second.n.startsWith('ال')) {
    j = i + 2;
    words = 2;
  }
  while (words < 4) {
    const t = usable(toks, j, used);
    if (!t || t.t !== T_AR) break;
    if (t.n === 'بن' || t.n === 'ابن' || t.n === 'ال' || t.n === 'ابو' || t.n === 'بو') {
      const nx = usable(toks, j + 1, used);
      if (nx && nx.t === T_AR && !isTagged(ctx, j + 1) && !NOT_NAMES.has(nx.n) && !isNumberWord(nx)) {
        j += 2;
        words += 2;
        continue;
      }
      break;
    }
    if (t.n === 'عبد') {
      const nx = usable(toks, j + 1, used);
      if (nx && nx.t === T_AR && (nx.n === 'الله' || nx.n.startsWith('ال'))) {
        j += 2;
        words += 2;
        continue;
      }
      break;
    }
    // a family name such as الشهري (also "monthly") or السبيعي after the first name
    const familyLike = t.n.startsWith('ال') && t.n.length >= 4 && (t.n.endsWith('ي') || FAMILY.has(t.n));
    const onlyPeriod = !!ctx.tags[j]?.every((x) => x.startsWith('rp'));
    if ((isTagged(ctx, j) && !(familyLike && onlyPeriod)) || NOT_NAMES.has(t.n) || isPreposition(t, ctx)) break;
    if (familyLike) {
      j++;
      words++;
      continue;
    }
    if (AR_NAMES.has(t.n) && !CUE_ONLY.has(t.n) && words < 3) {
      j++;
      words++;
      continue;
    }
    break;
  }
  return j;
}

/** The index of the message's first word (past punctuation). */
function firstWord(toks: Token[]): number {
  return toks.findIndex((t) => t.t !== T_PUNCT);
}

function englishName(toks: Token[], i: number, used: Uint8Array, ctx: NameContext, cued: boolean): number | undefined {
  const t = usable(toks, i, used);
  if (!t || t.t !== T_LAT) return undefined;
  const known = EN_NAMES.has(t.n);
  const subject =
    known &&
    ((i === firstWord(toks) && EN_SUBJECT_VERBS.has(toks[i + 1]?.n ?? '')) ||
      possessive(toks, i, ctx) ||
      // "put reem as negotiating", "set omar to hot"
      (i === firstWord(toks) + 1 && EN_OBJECT_VERBS.has(toks[i - 1]?.n ?? '')));
  if (!(t.cap && (known || (cued && !isTagged(ctx, i)))) && !(cued && known) && !subject) return undefined;
  if (isTagged(ctx, i) && !known) return undefined;
  let j = i + 1;
  let words = 1;
  while (words < 3) {
    const x = usable(toks, j, used);
    // "Abdullah Al-Qahtani", "Sara bin Saad"
    if (x && x.t === T_PUNCT && x.n === '-' && !x.sp) {
      const nx = usable(toks, j + 1, used);
      if (nx && nx.t === T_LAT && !nx.sp && !isTagged(ctx, j + 1)) {
        j += 2;
        continue;
      }
      break;
    }
    // "Abdullah al Rayan", "sara bin saad": the family's word goes with it, whatever the case
    const nx = usable(toks, j + 1, used);
    if (x && (x.n === 'bin' || x.n === 'al') && nx?.t === T_LAT) {
      j += 2;
      words++;
      continue;
    }
    if (!x || x.t !== T_LAT || !x.cap || (isTagged(ctx, j) && x.n !== 'al')) break;
    j++;
    words++;
  }
  return j;
}

/** "nasser's number": the word at i is followed by 's (the tokenizer drops the apostrophe). */
function possessive(toks: Token[], i: number, ctx: NameContext): boolean {
  const t = toks[i] as Token;
  const next = toks[i + 1];
  return next?.n === 's' && /^['’]$/u.test(ctx.text.slice(t.e, next.s));
}

/** An English kunya: "abu rayan", "Umm Nasser". */
export const EN_KUNYA = new Set(['abu', 'abou', 'abo', 'um', 'umm', 'oum']);

/** Finds the first person's name in the tokens (marks its tokens used); returns it as written. */
export function findName(toks: Token[], used: Uint8Array, ctx: NameContext): string | undefined {
  let best: Span | undefined;
  const consider = (s: Span): void => {
    if (!best || s.i0 < best.i0) best = s;
  };
  const n = toks.length;
  for (let i = 0; i < n && !best; i++) {
    if (used[i]) continue;
    const t = toks[i] as Token;
    if (t.t === T_AR) {
      // kunya
      const nb = nameBase(t);
      if (KUNYA.has(nb.n) && nb.n !== 'ابن') {
        const nx = usable(toks, i + 1, used);
        if (
          nx &&
          nx.t === T_AR &&
          !NOT_NAMES.has(nx.n) &&
          !isNumberWord(nx) &&
          (!isTagged(ctx, i + 1) || AR_NAMES.has(nx.n)) &&
          !(ctx.tags[i + 1] ?? []).some((x) => x.startsWith('pt:'))
        ) {
          consider({ i0: i, i1: extendArabic(toks, i + 1, used, ctx), cut: nb.cut });
          continue;
        }
      }
      // cues
      const bs = bases(t);
      const strong = bs.some((b) => STRONG_CUES.has(b));
      // «على» folds to «علي» (Ali): a cue only as written with ى («ملاحظة على ماجد»)
      const weak = !strong && (bs.some((b) => WEAK_CUES.has(b)) || isPreposition(t, ctx));
      if (strong || weak) {
        let j = i + 1;
        while (j < n && !used[j] && FILLERS.has((toks[j] as Token).n)) j++;
        // a kunya after the cue is found by the kunya rule
        const cut = arabicFirst(toks, j, used, ctx, strong ? 'any' : 'known');
        if (cut !== undefined && !KUNYA.has(nameBase(toks[j] as Token).n)) {
          consider({ i0: j, i1: extendArabic(toks, j, used, ctx), cut });
          continue;
        }
        const en = englishName(toks, j, used, ctx, true);
        if (en !== undefined) {
          consider({ i0: j, i1: en, cut: 0 });
          continue;
        }
      }
      // a known name on its own, or one that is an everyday word too with «ل» after what is for
      // someone («ملاحظة لماجد», «معاينة لجميل»)
      const cut = arabicFirst(toks, i, used, ctx, forSomeone(toks, i) ? 'known' : 'alone');
      if (cut !== undefined && !isTagged(ctx, i)) {
        consider({ i0: i, i1: extendArabic(toks, i, used, ctx), cut });
      }
    } else if (t.t === T_LAT) {
      const nx = usable(toks, i + 1, used);
      // «um», «umm» are English hesitations too: before a known name or a capital only («umm nasser», "Um Ali")
      const kunya = EN_KUNYA.has(t.n) && (t.n.startsWith('ab') || (nx !== undefined && (nx.cap || EN_NAMES.has(nx.n))));
      if (kunya && nx?.t === T_LAT && !isTagged(ctx, i + 1)) {
        consider({ i0: i, i1: englishName(toks, i + 1, used, ctx, true) ?? i + 2, cut: 0 });
        continue;
      }
      // "w/ dana": the shorthand of "with"
      const withSlash = t.n === 'w' && ctx.text.charAt(t.e) === '/';
      if (STRONG_CUES.has(t.n) || WEAK_CUES.has(t.n) || withSlash) {
        let j = i + 1;
        if (withSlash && toks[j]?.t === T_PUNCT) j++;
        while (j < n && !used[j] && FILLERS.has((toks[j] as Token).n)) j++;
        const en = englishName(toks, j, used, ctx, true);
        if (en !== undefined) {
          consider({ i0: j, i1: en, cut: 0 });
          continue;
        }
        const cut = arabicFirst(toks, j, used, ctx, STRONG_CUES.has(t.n) ? 'any' : 'known');
        if (cut !== undefined) {
          consider({ i0: j, i1: extendArabic(toks, j, used, ctx), cut });
          continue;
        }
      }
      const en = englishName(toks, i, used, ctx, false);
      if (en !== undefined) consider({ i0: i, i1: en, cut: 0 });
    }
  }
  if (!best) return undefined;
  const s: Span = best;
  for (let k = s.i0; k < s.i1; k++) used[k] = 1;
  const first = toks[s.i0] as Token;
  const last = toks[s.i1 - 1] as Token;
  let display = cleanDisplay(ctx.text.slice(first.s, last.e));
  if (s.cut > 0) display = stripLetters(display, s.cut);
  return display || undefined;
}

/** Removes the first `k` letters (and any marks attached to them) of a display string. */
function stripLetters(s: string, k: number): string {
  let i = 0;
  let letters = 0;
  while (i < s.length && letters < k) {
    i++;
    letters++;
  }
  return s.slice(i).trim();
}
