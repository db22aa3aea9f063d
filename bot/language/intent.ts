// Intent classification: an ordered list of rules over the cues found by the vocabulary (lexicon.ts),
// the entities found, and the writer's role. The first rule that applies decides; the confidence says how
// direct the evidence was. README.md lists the rules in words.
import type { Annotation } from './lexicon.ts';
import { T_AR, T_LAT, T_NUM, T_PUNCT, type Token } from './normalize.ts';
import type { Intent, Role } from './types.ts';

export interface IntentInput {
  toks: Token[];
  ann: Annotation;
  role: Role;
  /** a message that is only a number or an ordinal (with fillers) */
  selectRef?: number;
  hasName: boolean;
  hasPhone: boolean;
  hasEmail: boolean;
  hasPlace: boolean;
  hasMoney: boolean;
  hasArea: boolean;
  hasRooms: boolean;
  hasDate: boolean;
  hasPeriod: boolean;
  propertyType: boolean;
  listingType: boolean;
  /** a reference ("رقم ٢", "المهمة الثانية") */
  hasRef: boolean;
  /** a plain integer 1–99 with no unit ("اقبل ٢") */
  smallNumber: boolean;
}

export interface IntentResult {
  intent: Intent;
  confidence: number;
}

/** Words that carry no meaning of their own for the short-message intents. */
const SHORT_FILLERS = new Set(['FILLER', 'STOP', 'GREET', 'YES', 'NO', 'CANCEL', 'CANCELW', 'HELP', 'QWORD']);

/**
 * «وقف الإعلان», «شيل اعلاني», "stop my listing": a homeowner's own listing named beside a stop word is
 * his listing paused or withdrawn, not a cancel of the dialog; the listings feature's words read it
 * (issue 16). A broker's stays a cancel.
 */
/** «ما ابي اشوفها», "don't want to see it": a no. */
const NOT_WORDS = new Set(['ما', 'مو', 'لا', 'مابي', 'مابغى', 'not', "don't", 'dont', 'no']);

/** First words that ask to see a person: "show sarah", «وريني منيرة» (folded forms). */
const LOOKUP_FIRST = new Set(
  [
    'show',
    'open',
    'details',
    'info',
    'profile',
    'who',
    'وريني',
    'ورني',
    'فرجني',
    'افتح',
    'تفاصيل',
    'بيانات',
    'معلومات',
    'ملف',
  ].map((w) => w.replace(/ة/g, 'ه').replace(/ى/g, 'ي')),
);

function stopsOwnListing(x: IntentInput, words: Token[]): boolean {
  return (
    x.role !== 'broker' &&
    words.length <= 6 &&
    x.toks.some((t) => /^(ال)?(اعلان|اعلاني|عقار|عقاري)$|^(listing|ad|property)$/u.test(t.n))
  );
}

/** «العقار ٢», «عقار رقم ٣», "property 2", "listing #3": a listing named by its reference number. */
function numberedListingIn(toks: Token[]): boolean {
  return toks.some(
    (t, i) =>
      /^(ال)?عقار$|^property$|^listing$/.test(t.n) &&
      (/^\d+$/.test(toks[i + 1]?.n ?? '') ||
        (/^(رقم|#|no)$/.test(toks[i + 1]?.n ?? '') && /^\d+$/.test(toks[i + 2]?.n ?? ''))),
  );
}

export function classify(x: IntentInput): IntentResult {
  const { toks, ann, role } = x;
  const has = (tag: string): boolean => ann.pos.has(tag);
  const first = (tag: string): number => ann.pos.get(tag)?.[0] ?? -1;
  const words = toks.filter((t) => t.t !== T_PUNCT);
  const question = toks.some((t) => t.n === '?') || has('QWORD');
  const r = (intent: Intent, confidence: number): IntentResult => ({ intent, confidence });

  if (words.length === 0) return r('unknown', 0);

  // 1. "كيف أضيف عميل؟", "how do I add a lead": a question about the assistant itself
  const firstWord = words[0]?.n ?? '';
  if (
    (firstWord === 'كيف' || has('HELP')) &&
    !x.hasName &&
    !x.hasPhone &&
    !x.hasPlace &&
    !x.hasMoney &&
    !x.propertyType
  ) {
    if (firstWord === 'كيف' && (has('ADD') || has('UPDATE') || has('BOOK') || has('LIST') || has('CANCEL'))) {
      return r('help', 0.8);
    }
    if (/^(how)$/.test(firstWord) && (words[1]?.n === 'do' || words[1]?.n === 'to' || words[1]?.n === 'can')) {
      return r('help', 0.8);
    }
  }

  // 2. a lone number / ordinal: pick item N ("the last one": pick, with no number)
  if (x.selectRef !== undefined) return r('select', 0.95);
  if (has('LAST') && words.length <= 3 && !has('MATCH') && !has('TASK') && !has('APPT')) return r('select', 0.7);

  // 3. matches
  const refLike = x.hasRef || (x.smallNumber && words.length <= 4);
  if (!has('MATCH') && refLike && (has('ACCEPT') || has('REJECT')) && !has('TASK') && !has('APPT')) {
    return has('REJECT') ? r('match.reject', 0.7) : r('match.accept', 0.7);
  }
  if (has('MATCH')) {
    if (has('REJECT') || (has('NO') && x.hasRef)) return r('match.reject', 0.93);
    if (has('ACCEPT')) return r('match.accept', 0.93);
    return r('match.list', 0.9);
  }
  // «وش يناسب ماجد؟», «العروض اللي تناسب ماجد», "what fits Majed": a broker asking for a customer's matches
  if (role === 'broker' && has('SUITS') && x.hasName && !x.propertyType && !x.hasPlace && !x.hasMoney) {
    return r('match.list', 0.8);
  }
  // «وش يناسب العقار ١», «مين يناسبه العقار ٣؟»: who a numbered listing fits (its matches)
  if (role === 'broker' && has('SUITS') && (x.hasRef || numberedListingIn(toks)) && !x.hasName && !x.hasMoney) {
    return r('match.list', 0.8);
  }
  // «وش العقارات اللي تناسبها؟», "what suits him?": the customer the chat is about (the handler knows him)
  if (role === 'broker' && suitsSomeone(toks) && !x.propertyType && !x.hasPlace && !x.hasMoney && !x.hasRef) {
    return r('match.list', 0.75);
  }

  // 4. reminders
  // "cancel the reminder", «الغ التذكير»: the reminder is cancelled, not set (tasks.cancel.ts finds which)
  // («ذكرني الغي الاشتراك» is a reminder to cancel something: the cancel word comes first or it is no cancel)
  const cancelAt = [first('CANCEL'), first('DELETE')].filter((i) => i >= 0);
  if (cancelAt.length && Math.min(...cancelAt) < first('REMIND') && !x.hasDate) return r('cancel', 0.8);
  if (has('REMIND')) return r('task.create', 0.93);

  // "villa 1 went to abu fahad for 2.18m": a listing gone to a buyer at a price is a deal
  if (has('WENTTO') && x.hasMoney && (x.propertyType || numberedListingIn(toks)) && !question) {
    return r('sale.record', 0.85);
  }
  // 5. closed deals (but "كم بعت هالشهر؟" is a report)
  if (has('SOLD') && !has('SELL')) {
    // "who on my team closed the most deals?", «مين اكثر واحد باع؟»: a ranking, not a deal to record
    const most = toks.some((t) => /^(most|top|best|اكثر|أكثر|افضل|أفضل)$/u.test(t.n));
    if (has('HOWMANY') || has('REPORT') || (question && most)) return r('report.summary', 0.85);
    return r('sale.record', 0.9);
  }

  // 6. tasks
  const doneWithAction = tamFollowedByAction(toks, ann) || (has('TASK') && toks.some((t) => t.n === 'تم'));
  // «وش المتاخر علي»: what is late is his tasks
  const lateAsked =
    has('OVERDUE') &&
    question &&
    !x.hasName &&
    !['APPT', 'APPTS', 'REQW', 'CUST', 'CUSTS', 'MATCH', 'PROPERTY'].some((k) => has(k));
  if (has('TASK') || has('TASKS') || lateAsked || doneWithAction || (has('DONE') && !has('APPT') && !has('APPTS'))) {
    const notDone = negatedDone(toks, ann);
    if (notDone) return r('task.list', 0.85);
    if (has('DONE') || doneWithAction) return r('task.complete', 0.9);
    if (has('CANCEL') && has('TASK')) return r('task.complete', 0.6);
    if (has('TASKS') || has('OVERDUE') || (question && !x.hasName && !has('ADD'))) return r('task.list', 0.88);
    return r('task.create', 0.88);
  }

  // 7. explicit notes
  if (has('NOTE') && !has('APPTS')) return r('note.add', 0.9);

  // 8. a call or a visit that happened: a note (unless a new appointment is being booked)
  // («كم طلب جاني؟»: requests that came, counted, not a visit)
  // («جاني ظرف … الغوه»: something came up, cancel it)
  if (has('CONTACTED') && !has('BOOK') && !has('CANCEL') && !(has('HOWMANY') && has('REQW')))
    return r('note.add', 0.85);

  // 9. appointments
  const agenda =
    (has('AGENDA') && (x.hasDate || x.hasPeriod || has('APPT') || has('APPTS'))) ||
    (has('AGENDA2') && (x.hasDate || x.hasPeriod) && !x.hasPlace && !x.propertyType && !x.hasName);
  if (has('APPT') || has('APPTS') || agenda) {
    if (has('CANCEL')) return r('appointment.cancel', 0.92);
    if (has('RESCHED') || has('UPDATE') || has('RESCHEDSOFT')) return r('appointment.reschedule', 0.9);
    if (has('APPTS') || agenda || has('HOWMANY')) return r('appointment.list', 0.9);
    if (has('QWORD') && !has('BOOK') && !has('SEEK1')) return r('appointment.list', 0.8);
    // a question that asks leave for a day ("can i visit it on thursday at 5?") asks for one
    const asksForOne = has('ASKTO') && (x.hasDate || x.hasPeriod);
    if (question && !has('BOOK') && !has('SEEK1') && !asksForOne && !x.hasName) return r('appointment.list', 0.75);
    // «عندي موعد مع خالد بكرة؟», «فيه موعد مع خالد؟», "do I have a viewing with Khalid?": asking whether
    // one is there (with whom it is), not asking for one
    if (
      question &&
      (has('HAVE') || fihFirst(toks, ann) || (words[0]?.n === 'do' && words[1]?.n === 'i' && words[2]?.n === 'have')) &&
      !has('BOOK') &&
      !has('SEEK1') &&
      !asksForOne
    ) {
      return r('appointment.list', 0.8);
    }
    return r('appointment.create', 0.88);
  }
  // «وش عندي», "what do i have": the day's agenda, unless it says what he has («وش عندي عملاء جدد؟»,
  // «ايش عندي عقارات»): then what it names decides below
  // «وش عندي طلبات؟» asks after requests (below), not the agenda
  if (has('AGENDA') && !['CUSTS', 'CUST', 'PROPERTY', 'REQW'].some((k) => has(k))) return r('appointment.list', 0.7);
  // «ممكن اأجله لبعد بكرة», "can you move it to Tuesday": the appointment as a pronoun, and a new day
  if (has('RESCHEDIT') && (x.hasDate || x.hasPeriod) && !x.propertyType) return r('appointment.reschedule', 0.8);
  if (has('RESCHEDSOFT') && (x.hasDate || x.hasPeriod) && !x.propertyType) return r('appointment.reschedule', 0.7);
  // "ابي اشوف الفيلا يوم الأحد": to see a property (on a day) is a viewing
  // "أبي أشوف العقار ٢": seeing a listing named by its reference number is a viewing too
  const numberedListing = numberedListingIn(toks);
  // "book omar 05… for property 2 tmrw 11am", «احجز لخالد العقار ٢ بكرة»: a numbered listing booked for
  // someone or for a day, without a word for a viewing
  if (has('BOOK') && numberedListing && (x.hasDate || x.hasName) && !has('SEARCHW')) {
    return r('appointment.create', 0.75);
  }
  // «ابي اشوفها», «ممكن نعاينه؟»: the listing just shown, as a pronoun, wanted seen (the day is asked after)
  const seesIt = toks.some((t, i) => !!ann.tags[i]?.includes('VIEWV') && /(ها|ه)$/u.test(t.n) && t.n.length > 4);
  if (
    has('VIEWV') &&
    (x.hasDate ||
      definiteProperty(toks, ann) ||
      x.hasName ||
      numberedListing ||
      (seesIt && words.length <= 4 && !words.some((t) => NOT_WORDS.has(t.n)))) &&
    !has('SEARCHW')
  ) {
    return r('appointment.create', 0.75);
  }

  // 10. "كم رقم العميل سلطان": كم asking for a field, not a count
  const howManyField = toks.some((t, i) => t.n === 'كم' && !!ann.tags[i + 1]?.includes('FIELD'));
  if (howManyField && x.hasName && !x.hasPhone) return r('customer.list', 0.8);
  // "whats majed's budget", «وش ميزانية ماجد؟», «ايش رقم خالد»: asking a customer's field, not changing it
  if (
    role === 'broker' &&
    has('FIELD') &&
    x.hasName &&
    !x.hasMoney &&
    !x.hasPhone &&
    /^(what|whats|what's|wats|وش|ايش|شو)$/u.test(words[0]?.n ?? '')
  ) {
    return r('customer.list', 0.8);
  }
  // «وش تبي غادة؟», «ايش يبغى فهد؟», "what does omar want?": the customer's card, with what he asked for
  if (
    role === 'broker' &&
    question &&
    x.hasName &&
    (has('SEEK3') || (has('SEEK1') && words[0]?.n === 'what')) &&
    !x.propertyType &&
    !x.hasPlace &&
    !x.hasMoney &&
    !x.hasPhone
  ) {
    return r('customer.list', 0.8);
  }

  // 11. reports
  const numbersWord = first('REPORT') >= 0 && /^(ارقام|أرقام)$/.test(toks[first('REPORT')]?.n ?? '');
  if (
    (has('REPORT') && !(numbersWord && (has('CUST') || has('CUSTS')))) ||
    // «كم تاخذون عمولة؟» from a client or a homeowner asks the office's fee, not for the figures
    (has('HOWMANY') && (has('DEAL') || has('CUSTS') || has('CUST')) && !(role !== 'broker' && has('DEAL'))) ||
    // «كم طلب عندي؟», "how many requests this month?": the period's figures count the requests
    (role === 'broker' && has('HOWMANY') && has('REQW') && !x.hasName && !x.propertyType && !x.hasPlace && !x.hasMoney)
  ) {
    return r('report.summary', 0.88);
  }
  if (role === 'broker' && has('DEAL') && !x.propertyType && (x.hasPeriod || question))
    return r('report.summary', 0.75);

  // 12. customers
  const custCue = has('CUST') || has('CUSTS');
  // "أضف عضو جديد للفريق خالد 05…": a new member of the office (the customers feature answers who adds them)
  if (has('TEAMW') && (has('ADD') || has('NEW')) && !custCue && !x.propertyType && !has('REPORT')) {
    return r('customer.create', 0.8);
  }
  // «جوال خالد الجديد 05…», «رقم نايف الجديد …»: a customer's new number, not a new customer
  if (has('FIELD') && has('NEW') && x.hasName && x.hasPhone && !custCue && !x.propertyType) {
    return r('customer.update', 0.8);
  }
  // "احذف العميل أحمد": deleting a customer is a change of his record (asked for confirmation), not a cancel
  if (has('DELETE') && (custCue || x.hasName) && !x.propertyType && !has('TASK') && !has('APPT')) {
    return r('customer.update', 0.85);
  }
  const custColon = custLeadsColon(toks, ann);
  if ((has('CUST') && has('NEW')) || (has('ADD') && custCue) || custColon) {
    return r('customer.create', 0.92);
  }
  if (has('UPDATE') && (has('FIELD') || has('STATUS') || x.hasName) && !x.propertyType) {
    return r('customer.update', 0.88);
  }
  // «جوال ماجد صار 05…», «ماجد رقمه صار 05…»: a number that "became" another is his phone changing,
  // never a new customer (issue 11)
  if (has('FIELD') && x.hasPhone && !x.propertyType && toks.some((t) => /^(صار|صارت|اصبح|أصبح|اصبحت)$/u.test(t.n))) {
    return r('customer.update', 0.85);
  }
  // "fahad budget now 2.5m", «ميزانية فهد ٣ مليون»: a broker setting a customer's budget
  // "reem can stretch to 55k now", «فهد يقدر يوصل مليون ونص»: his budget, said as how far he can go
  if (
    role === 'broker' &&
    (has('FIELD') || has('STRETCH')) &&
    x.hasName &&
    x.hasMoney &&
    !x.propertyType &&
    !x.hasPlace &&
    !question
  ) {
    return r('customer.update', 0.8);
  }
  if (has('STATUS') && x.hasName && !question && !has('CONTACTED') && !has('SAID')) return r('customer.update', 0.7);
  if (has('CUST_MY') || has('CUSTS') || (has('LIST') && custCue) || ((has('SEARCHW') || has('SEEK1')) && has('CUST'))) {
    if (!(has('SEEK3') && (x.propertyType || x.listingType)) || has('QWORD') || has('LIST')) {
      return r('customer.list', 0.88);
    }
  }
  if ((question || has('GIVE')) && has('FIELD') && x.hasName && !x.hasPhone && !has('UPDATE')) {
    return r('customer.list', 0.85);
  }
  // «عندي عميلة اسمها نوف رقمها 05… تبي دبلكس»: a named customer with a phone is a lead (with the
  // request he wants); «عميلي يبي شقة» without them stays a request
  if (has('CUST') && x.hasPhone && (x.hasName || !has('SEEK3'))) return r('customer.create', 0.8);
  const noPropertyFacts = !x.propertyType && !x.listingType && !x.hasPlace && !x.hasMoney && !x.hasArea && !x.hasRooms;
  // "find Ahmed", "ابحث عن سلطان": looking up a person by name
  if (has('SEARCHW') && x.hasName && noPropertyFacts && !x.hasPhone && words.length <= 5) {
    return r('customer.list', 0.8);
  }
  // "show sarah", "open Khalid", «وريني منيرة», «افتح ملف سلطان», «تفاصيل نورة»: a customer's card by name
  if (x.hasName && noPropertyFacts && !x.hasPhone && words.length <= 4 && LOOKUP_FIRST.has(words[0]?.n ?? '')) {
    return r('customer.list', 0.8);
  }
  // "وش طلب فهد؟": asking about a customer's request is a look-up, not a new request
  if (has('REQW') && question && x.hasName && noPropertyFacts && !has('ADD') && !has('NEW')) {
    return r('customer.list', 0.8);
  }
  // «وش الطلبات الجديدة؟», "my requests": a broker asking after the requests filed (his customers, the
  // latest first), not filing one («طلب جديد: فيلا …» has what is wanted; a bare «طلب جديد» asks it)
  if (
    role === 'broker' &&
    has('REQW') &&
    noPropertyFacts &&
    !x.hasName &&
    !x.hasPhone &&
    !has('ADD') &&
    (question ||
      has('LIST') ||
      has('QWORD') ||
      has('GIVE') ||
      has('SEARCHW') ||
      has('AGENDA') ||
      toks.some((t) => t.n === 'my' || t.n === 'طلباتي') ||
      onlyRequestsWord(toks))
  ) {
    return r('customer.list', 0.75);
  }
  if (x.hasEmail && x.hasName) return r('customer.update', 0.7);

  // 13. remarks about a person (قال, يفكر)
  if (has('CONTACTED') || (has('SAID') && x.hasName)) return r('note.add', 0.85);

  // 14. properties: requests, offers, searches
  const budgetCue = has('MAXC') || has('MINC') || has('SEEK1') || has('SEEK3');
  const property =
    x.propertyType ||
    x.listingType ||
    has('PROPERTY') ||
    has('MINE') ||
    (x.hasRooms && !has('TASK')) ||
    (x.hasArea && budgetCue) ||
    (x.hasMoney && budgetCue);
  const seekerCue =
    has('SEEK1') || has('BUY') || has('RENTIN') || has('SEARCHW') || has('SEEK3') || has('MAXC') || has('MINC');
  if (
    property ||
    (x.hasPlace && (x.hasMoney || x.hasRooms || x.hasArea || seekerCue)) ||
    has('OFFERW') ||
    has('REQW')
  ) {
    // «عقاراتي», "my listings": the broker's own listings
    if (has('MYLISTINGS') && !x.propertyType && !x.hasMoney && !has('ADD')) return r('property.search', 0.85);
    // "الغاء الطلب": cancelling the request being filled in
    if ((has('CANCEL') || has('CANCELW')) && !x.propertyType && !x.hasPlace && !x.hasMoney) {
      // «الغ الإعلان», "stop my listing" from a homeowner: his listing (see stopsOwnListing)
      return stopsOwnListing(x, words) ? r('unknown', 0.3) : r('cancel', 0.8);
    }
    if (has('REQW')) return r('request.create', 0.9);
    if (has('OFFERW')) return r('offer.create', 0.9);
    if (has('SELL') || has('LETOUT')) return r('offer.create', 0.88);
    if (has('PUTUP') && !question && toks.some((t) => t.n === 'put' || t.n === 'list')) return r('offer.create', 0.85);
    const showing = has('LIST') && (has('MINE') || x.listingType) && !has('SEARCHW');
    if (showing || (has('ADD') && (has('MINE') || has('PROPERTY') || x.propertyType))) return r('offer.create', 0.85);
    if (has('SEEK3')) return r('request.create', 0.85);
    if (has('HAVE') && !has('SEARCHW') && !question) return r('offer.create', 0.85);
    if (has('MINE') && x.listingType) return r('offer.create', 0.8);
    if (has('SEARCHW') || fihFirst(toks, ann)) return r('property.search', 0.85);
    if (has('SEEK1') || has('BUY') || has('RENTIN')) {
      return role === 'broker' ? r('property.search', 0.85) : r('request.create', 0.88);
    }
    if (has('MAXC') || has('MINC')) return role === 'broker' ? r('property.search', 0.7) : r('request.create', 0.7);
    // "فلل للبيع في جدة": several properties named with no verb is a search
    // («عقارات للبيع بجدة», "properties for sale in Jeddah": the same, with no type)
    if ((pluralType(ann) || pluralProperty(ann)) && !x.hasMoney && !x.hasArea && !x.hasRooms)
      return r('property.search', 0.65);
    if (question) return role === 'client' ? r('request.create', 0.6) : r('property.search', 0.65);
    if (role === 'client') return r('request.create', 0.6);
    if (role === 'owner') return r('offer.create', 0.65);
    if (x.listingType || x.hasMoney || x.hasArea || x.hasRooms) return r('offer.create', 0.65);
    return r('property.search', 0.55);
  }

  // 15. short messages: cancel, help, confirm, deny, greeting
  // «الغ رابط التقويم», "cancel my calendar link": revoking the calendar feed link, not a cancel of the
  // dialog; the hours feature's words read it (issue 18, point 7)
  if (
    toks.some((t) => /^(ال)?(تقويم|تقويمي)$|^calendar$/u.test(t.n)) &&
    toks.some((t) => /^(ال)?(رابط|لينك)$|^(link|feed|url)$/u.test(t.n))
  ) {
    return r('unknown', 0.3);
  }
  // «وقف التنبيهات», "stop alerts": not a cancel of the dialog but a setting the client's feature words
  // read (no intent of the contract names it)
  if (toks.some((t) => /^(ال)?(تنبيهات|تنبيه|اشعارات|اشعار|إشعارات|إشعار)$|^(alerts|notifications)$/u.test(t.n))) {
    return r('unknown', 0.3);
  }
  // «وقف الملخص الصباحي», "stop the morning digest": the member's own digest switch, not a cancel of the
  // dialog; the digest feature's words read it (issue 16)
  if (
    toks.some((t) => t.n === 'digest') ||
    (toks.some((t) => /^(ال)?ملخص$/u.test(t.n)) && toks.some((t) => /^(ال)?(صباحي|يومي)$/u.test(t.n)))
  ) {
    return r('unknown', 0.3);
  }
  // «وقف الإعلان», «شيل اعلاني», "stop my listing": a homeowner's own listing paused or withdrawn, not a
  // cancel of the dialog; the listings feature's words read it (issue 16). A broker's stays a cancel.
  if ((has('CANCEL') || has('CANCELW')) && stopsOwnListing(x, words)) return r('unknown', 0.3);
  // «شيل ليلى من الفريق»: a member leaves the team, not a cancel (no intent of the contract names it);
  // the team feature's words read it
  if (has('DELETE') && has('TEAMW')) return r('unknown', 0.3);
  // "خلاص" alone or with a no is "stop"; "خلاص تمام" is "ok, settled"
  if (has('CANCEL') || (has('CANCELW') && !has('YES'))) return r('cancel', shortConfidence(toks, ann));
  if (has('HELP')) return r('help', 0.85);
  const yes = first('YES');
  // «قبل لا اكمل» is "before I go on", no «لا»
  const no = (ann.pos.get('NO') ?? []).find((i) => !(toks[i]?.n === 'لا' && toks[i - 1]?.n === 'قبل')) ?? -1;
  if (no >= 0 && (yes < 0 || no <= yes)) return r('deny', shortConfidence(toks, ann));
  // «وين موقعها بالضبط؟», "where is it exactly?": a question with a yes word inside asks, it does not agree
  const asking = first('QWORD');
  if (yes >= 0 && !(asking >= 0 && asking < yes)) return r('confirm', shortConfidence(toks, ann));
  if (has('GREET')) return r('greeting', shortConfidence(toks, ann));
  // "صباح القشطة", "مساء الورد": greetings made up on the spot
  if ((firstWord === 'صباح' || firstWord === 'مساء') && words.length <= 4) return r('greeting', 0.7);

  // 16. what is left: an imperative to call or send, with a person or a time, is a to-do
  if (has('CALLV') && (x.hasName || x.hasDate)) return r('task.create', 0.6);
  // «حط له متابعة بعد بكرة ١١ الصبح», "follow-up with Sara on Sunday": a follow-up at a time is a to-do
  if (has('ACTION') && x.hasDate) return r('task.create', 0.6);
  if (x.hasName && x.hasPhone) return r('customer.create', 0.6);
  if (has('CUST') || has('CUSTS')) return r('customer.list', 0.5);
  if (x.hasRef && has('ITEM')) return r('select', 0.5);
  return r('unknown', words.some((t) => t.t === T_AR || t.t === T_LAT || t.t === T_NUM) ? 0.2 : 0);
}

function shortConfidence(toks: Token[], ann: Annotation): number {
  let other = 0;
  for (let i = 0; i < toks.length; i++) {
    if ((toks[i] as Token).t === T_PUNCT) continue;
    const tags = ann.tags[i];
    if (!tags?.some((x) => SHORT_FILLERS.has(x))) other++;
  }
  return other === 0 ? 0.92 : other <= 2 ? 0.75 : 0.55;
}

/** The first property type named is a plural ("فلل", "apartments"). */
function pluralType(ann: Annotation): boolean {
  let first = -1;
  for (const [tag, positions] of ann.pos) {
    if (tag.startsWith('pt:') && (first < 0 || (positions[0] as number) < first)) first = positions[0] as number;
  }
  return first >= 0 && !!ann.tags[first]?.includes('PLURAL');
}

/** «عقارات», «بيوت», "properties": properties named in the plural, without a type. */
function pluralProperty(ann: Annotation): boolean {
  return ann.tags.some((tags) => tags?.includes('PROPERTY') && tags.includes('PLURAL'));
}

/**
 * «الطلبات», «طلبات جديدة», "the requests", "new requests": the requests named in the plural and nothing
 * else, a broker asking to see them (a bare «طلب جديد» asks to file one).
 */
function onlyRequestsWord(toks: Token[]): boolean {
  const words = toks.filter((t) => t.t !== T_PUNCT).map((t) => t.n);
  const plural = words.filter((w) => /^(ال)?طلبات$|^requests$/u.test(w)).length;
  const rest = words.filter(
    (w) => !/^(ال)?طلبات$|^requests$|^(the|all|new|recent|latest|كل|ال)?(جديده|جديدة|الجديده|الجديدة)?$/u.test(w),
  );
  return plural > 0 && rest.length === 0;
}

/** "ما خلصت", "not done", "لسه ما انتهت": a negated done. */
function negatedDone(toks: Token[], ann: Annotation): boolean {
  for (let i = 1; i < toks.length; i++) {
    if (ann.tags[i]?.includes('DONE') && ann.tags[i - 1]?.includes('NEG')) return true;
  }
  return false;
}

/** A property named with the article ("الفيلا", "الشقة"): a particular one. */
function definiteProperty(toks: Token[], ann: Annotation): boolean {
  return toks.some((t, i) => t.n.startsWith('ال') && !!ann.tags[i]?.some((x) => x.startsWith('pt:')));
}

/** "تم الاتصال", "تم إرسال العقد": done + a verbal noun. */
function tamFollowedByAction(toks: Token[], ann: Annotation): boolean {
  for (let i = 0; i + 1 < toks.length; i++) {
    if ((toks[i] as Token).n === 'تم' && ann.tags[i + 1]?.includes('ACTION')) return true;
  }
  return false;
}

/** "عميل: …", "lead: …" — a customer word followed by a colon opens a new customer. */
function custLeadsColon(toks: Token[], ann: Annotation): boolean {
  for (let i = 0; i + 1 < toks.length; i++) {
    if (ann.tags[i]?.includes('CUST') && (toks[i + 1] as Token).n === ':') return true;
  }
  return false;
}

/** "فيه شقق بالملقا؟" — "فيه" (is there) opening the message. */
function fihFirst(toks: Token[], ann: Annotation): boolean {
  const i = toks.findIndex((t) => t.t !== T_PUNCT);
  return i >= 0 && !!ann.tags[i]?.includes('FIH');
}

/**
 * «يناسبه», «تناسبها», "what suits him", "anything for her?": a match question about a person named before
 * ("book a viewing for her" is not: "for" counts only after "anything", "something", "what").
 */
function suitsSomeone(toks: Token[]): boolean {
  const words = toks.filter((t) => t.t !== T_PUNCT).map((t) => t.n);
  const asking = /^(anything|something|what|whats|any)$/u.test(words[0] ?? '');
  return words.some(
    (w, i) =>
      /^(ي|ت)ناسب(ه|ها|هم)$/u.test(w) ||
      ((/^(suits?|fits?)$/u.test(w) || (w === 'for' && asking)) && /^(him|her|them)$/u.test(words[i + 1] ?? '')),
  );
}
