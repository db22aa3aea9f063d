// «الميزانية ٢ ونص», «ميزانيتي ٨٠٠», "my budget is 900": an amount a client gives without its unit.
// The parser reads such a number as it is written (NLU contract: a bare amount is budget_max as said),
// and «٢ ونص» even as half past two; to a Saudi buyer of a villa «٢ ونص» is 2.5 million and «٨٠٠» is
// 800 thousand, to a tenant «٦٠» is 60 thousand a year. Pure.
import { toAsciiDigits } from '../../../core/shared/digits.ts';
import { foldForSearch } from '../../../core/shared/text.ts';

const FRACTIONS: Record<string, number> = { نص: 0.5, نصف: 0.5, ربع: 0.25 };

// a budget word, then the amount, then (optionally) «ونص»/«وربع»
const SPOKEN =
  /(?:^|[^\p{L}])(?:ال)?(?:ميزانيه|ميزانيتي|ميزانيته|ميزانيتها|ميزانيتنا|budget)(?:\s+(?:هي|is|حقتي|تقريبا|about|around))*\s*[:：]?\s*(\d+(?:\.\d+)?)(?![\d.])(?:\s*و\s*(نص|نصف|ربع)(?!\p{L}))?/u;

/** A unit (or a month) after the amount: the parser reads the amount whole. */
const UNIT_AFTER =
  /^\s*(?:و\s*(?:نص|نصف|ربع)\s*)?(?:الف|الاف|k|مليون|ملايين|million|m|ريال|sar|riyal|بالشهر|شهري|شهريا|a month|per month|monthly)(?:[^\p{L}]|$)/u;

/**
 * The budget in SAR a message gives as a bare amount after a budget word, read for the deal: a
 * purchase's under 100 in millions and under 1,000 in thousands; a rent's from 10 to 999 in thousands
 * (a year's rent). undefined when there is no such amount, it has its unit, or it is already plausible.
 */
export function spokenBudget(text: string, deal: 'sale' | 'rent'): number | undefined {
  const folded = foldForSearch(toAsciiDigits(text)).replace(/٫/gu, '.');
  const m = folded.match(SPOKEN);
  if (!m) return undefined;
  const amount = Number(m[1]) + (m[2] ? (FRACTIONS[m[2]] ?? 0) : 0);
  const after = folded.slice((m.index ?? 0) + m[0].length);
  // «٢ ونص مليون»: the parser takes «٢ ونص» for half past two and leaves «مليون» alone
  const unit = m[2] ? after.match(/^\s*(مليون|million|m|الف|k)(?:[^\p{L}]|$)/u)?.[1] : undefined;
  if (unit) return Math.round(amount * (unit === 'الف' || unit === 'k' ? 1_000 : 1_000_000));
  if (UNIT_AFTER.test(after)) return undefined;
  if (!Number.isFinite(amount) || amount <= 0 || amount >= 1000) return undefined;
  if (deal === 'sale') return Math.round(amount * (amount < 100 ? 1_000_000 : 1_000));
  return amount >= 10 ? Math.round(amount * 1_000) : undefined;
}

/**
 * The criteria with the budget the text gives without its unit, read for the deal (the criteria's own,
 * or the filed request's), when the parser found none or an implausible one (under 1,000 SAR).
 */
export function withSpokenBudget<C extends { budgetMax?: number; listingType?: 'sale' | 'rent' }>(
  c: C,
  text: string,
  deal = c.listingType,
): C {
  const budget = deal && text ? spokenBudget(text, deal) : undefined;
  return budget !== undefined && (c.budgetMax === undefined || c.budgetMax < 1_000) ? { ...c, budgetMax: budget } : c;
}
