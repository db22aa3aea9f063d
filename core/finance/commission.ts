// The commission of a deal by the organization's tiers: the first active tier whose
// [min_amount, max_amount] holds the amount (and whose deal type matches, when it has one).
// 2.5% when no tier applies. Pure; money in whole SAR, rates in basis points.
import { applyRate, percentToBasisPoints } from '../shared/money.ts';

export interface CommissionTierRule {
  minAmount: number;
  maxAmount: number | null;
  /** percent, e.g. 2.5 */
  rate: number | string;
  dealType?: 'sale' | 'rent' | null;
}

export const DEFAULT_COMMISSION_PERCENT = 2.5;

export function commissionFor(amount: number, tiers: readonly CommissionTierRule[], dealType: 'sale' | 'rent') {
  const tier = [...tiers]
    .sort((a, b) => b.minAmount - a.minAmount)
    .find(
      (t) =>
        amount >= t.minAmount &&
        (t.maxAmount === null || amount <= t.maxAmount) &&
        (!t.dealType || t.dealType === dealType),
    );
  const basisPoints = percentToBasisPoints(tier ? tier.rate : DEFAULT_COMMISSION_PERCENT);
  return { ratePercent: basisPoints / 100, amount: applyRate(amount, basisPoints) };
}
