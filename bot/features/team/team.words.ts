// What a manager says about the team, read without the parser's intents (the contract has none for
// members): «أضف ليلى 0551234567 للفريق وسيط» / "add Layla +966551234567 as broker", «شيل ليلى من
// الفريق» / "remove Layla", «فريقي» / "my team", and the roles in words (وسيط/broker, عضو فريق/مساعد/team
// member, مراقب/observer, مدير/manager). Pure: text in, facts out.
import { toE164 } from '../../../core/shared/phone.ts';
import type { MemberRole } from '../../../core/teams/member-rules.ts';
import { normalizeArabic } from '../../language/index.ts';

/** The roles a manager gives in chat (an owner is made by the operator only). */
export type ChatRole = Exclude<MemberRole, 'owner'>;
export const CHAT_ROLES: readonly ChatRole[] = ['broker', 'team_member', 'observer', 'manager'];

export type TeamCommand =
  | { kind: 'list' }
  | { kind: 'add'; name?: string; phone?: string; role?: ChatRole }
  /** `explicit`: the message says "from the team" (or a role): it cannot be about a customer */
  | { kind: 'remove'; name?: string; phone?: string; explicit: boolean };

const fold = (text: string) => normalizeArabic(text).toLowerCase();

/** Role words, most specific first: «وسيط» in "team member Layla as broker" decides. */
const ROLE_WORDS: ReadonlyArray<[ChatRole, RegExp]> = [
  ['observer', /مراقب|(^|[^a-z])(observer|viewer|read[\s-]?only)([^a-z]|$)/u],
  ['manager', /مدير|مشرف|(^|[^a-z])(manager|supervisor)([^a-z]|$)/u],
  ['broker', /وسيط|بروكر|مسوق|(^|[^a-z])(broker|agent|realtor)([^a-z]|$)/u],
  ['team_member', /عضو[ه]?\s+(في\s+|ب|بال|ال)?فريق|مساعد|(^|[^a-z])(team[\s-]?member|assistant)([^a-z]|$)/u],
];

/** The role a message names, if one: «كوسيطة» → broker, "as an observer" → observer. */
export function roleFromWords(text: string): ChatRole | undefined {
  const folded = fold(text);
  return ROLE_WORDS.find(([, words]) => words.test(folded))?.[0];
}

/** A phone in the message, in any spelling (05…, +966 5…, Arabic-Indic digits), as E.164. */
export function phoneIn(text: string): { phone: string; start: number; end: number } | undefined {
  const candidates = text.matchAll(/[+＋]?[0-9٠-٩۰-۹][0-9٠-٩۰-۹\s\-()]{6,18}[0-9٠-٩۰-۹]/gu);
  for (const m of candidates) {
    const phone = toE164(m[0]);
    if (phone) return { phone, start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

const FILLERS = '(?:(?:لو سمحت|ممكن|ابي|ابغي|ابغا|ودي|بغيت|please|pls|can you|could you|kindly)\\s+){0,2}';
const ADD_VERB = new RegExp(`^${FILLERS}(?:اضف|اضيف|ضيف|تضيف|ضف|سجل|دخل|ادخل|ضم|اضافه|add|invite)(?=\\s|$)`, 'u');
const REMOVE_VERB = new RegExp(
  `^${FILLERS}(?:شيل|احذف|حذف|امسح|شطب|اشطب|طلع|اطلع|اخرج|ازل|ازيل|remove|delete|kick|drop)(?=\\s|$)`,
  'u',
);
/** Words that say the person is of the team (or a role, which only a member has). */
const TEAM_CUE = /فريق|عضو|موظف|زميل|(^|[^a-z])(team|member|staff|colleague|teammate)([^a-z]|$)/u;
/** «من الفريق», "from the team": said of someone leaving it. */
const FROM_TEAM = /من\s+(ال)?فريق|(^|\s)(from|off|out of)\s+(the\s+|my\s+|our\s+)?team/u;
/** What else a manager adds or removes: a customer, a note, a task, a viewing, a listing. */
const OTHER_OBJECT =
  /عميل|عملاء|زبون|زباين|ملاحظه|مهمه|مهام|تذكير|موعد|مواعيد|معاينه|عقار|عرض|طلب|(^|[^a-z])(lead|leads|client|clients|customer|customers|note|task|tasks|reminder|appointment|viewing|property|listing|offer|request)([^a-z]|$)/u;

/** «فريقي», «مين في فريقي», «أعضاء الفريق», "my team", "who is on my team": the whole message. */
const LIST_TEAM = [
  /^(?:(?:وش|ايش|شو|مين|من|اعرض|عرض|وريني|ورني)\s+)?(?:في\s+|ب)?(?:(?:اعضاء|قائمه|اسماء)\s+)?(?:ال)?فريق(?:ي|نا)?$/u,
  /^(?:(?:show|list|see)\s+)?(?:me\s+)?(?:(?:my|our|the)\s+)?team(?:\s+members)?$/u,
  /^who(?:'s|\s+is|\s+are)\s+(?:on|in)\s+(?:my|our|the)\s+team$/u,
];

/** Tokens that are not the person's name in an add or remove: verbs, cues, roles, fillers. */
const NOT_NAME = new RegExp(
  [
    // verbs and fillers
    '^(اضف|اضيف|ضيف|تضيف|ضف|سجل|دخل|ادخل|ضم|اضافه|شيل|احذف|حذف|امسح|شطب|اشطب|طلع|اطلع|اخرج|ازل|ازيل|لو|سمحت|ممكن|ابي|ابغي|ابغا|ودي|بغيت)$',
    '^(add|invite|remove|delete|kick|drop|please|pls|can|could|you|kindly)$',
    // team, role and joining words, with their clitics (للفريق, كوسيطة, بدور)
    '^(و|ك|ل|ب|لل|بال|كال|ال)?(فريق|فريقي|فريقنا|عضو|عضوه|موظف|موظفه|زميل|زميله|وسيط|وسيطه|بروكر|مسوق|مسوقه|مراقب|مراقبه|مدير|مديره|مشرف|مشرفه|مساعد|مساعده|دور|صفه)$',
    '^(team|member|members|staff|colleague|teammate|broker|agent|realtor|observer|viewer|manager|supervisor|assistant|role)$',
    '^(جديد|جديده|الجديد|الجديده|رقم|رقمه|رقمها|جوال|جواله|جوالها|جواله|اسمه|اسمها|هو|هي|في|من|الى|على|مع|و|ك|كـ|بصفه|بدور)$',
    '^(new|number|phone|mobile|named|name|is|as|a|an|the|to|into|in|on|of|from|off|out|my|our|with|and)$',
  ].join('|'),
  'u',
);

/** The person's name: what is left of the message once verbs, cues, roles and the phone are taken out. */
export function nameIn(text: string, phone?: { start: number; end: number }): string | undefined {
  const rest = phone ? `${text.slice(0, phone.start)} ${text.slice(phone.end)}` : text;
  const words = rest
    .split(/[\s،,.!?؟:;«»"'()]+/u)
    .filter((w) => w && /\p{L}/u.test(w) && !/[0-9٠-٩۰-۹]/u.test(w))
    .filter((w) => !NOT_NAME.test(fold(w).replace(/^ـ+|ـ+$/gu, '')));
  if (!words.length || words.length > 4) return undefined;
  return words.join(' ');
}

/** What the message asks of the team, or undefined when it is about something else. */
export function readTeamCommand(text: string): TeamCommand | undefined {
  const trimmed = text.trim();
  const folded = fold(trimmed)
    .replace(/[?؟!.]+$/u, '')
    .trim();
  if (!folded) return undefined;
  if (LIST_TEAM.some((re) => re.test(folded))) return { kind: 'list' };
  const role = roleFromWords(trimmed);
  if (ADD_VERB.test(folded)) {
    if (OTHER_OBJECT.test(folded) || !(TEAM_CUE.test(folded) || role)) return undefined;
    const phone = phoneIn(trimmed);
    const name = nameIn(trimmed, phone);
    return {
      kind: 'add',
      ...(name ? { name } : {}),
      ...(phone ? { phone: phone.phone } : {}),
      ...(role ? { role } : {}),
    };
  }
  if (REMOVE_VERB.test(folded)) {
    if (OTHER_OBJECT.test(folded)) return undefined;
    const phone = phoneIn(trimmed);
    const name = nameIn(trimmed, phone);
    if (!name && !phone) return undefined;
    const explicit = FROM_TEAM.test(folded) || TEAM_CUE.test(folded) || Boolean(role);
    return { kind: 'remove', ...(name ? { name } : {}), ...(phone ? { phone: phone.phone } : {}), explicit };
  }
  return undefined;
}
