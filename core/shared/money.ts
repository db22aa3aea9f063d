// Money is whole SAR in integers, never floats. Percentages are applied in integer arithmetic on
// basis points so that 2.5% of 2,300,000 is exactly 57,500.
export type Sar = number;

export function assertSar(amount: number): Sar {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`not a whole SAR amount: ${amount}`);
  return amount;
}

/** Parses a percent given as number or text ("2.5") into basis points (250). */
export function percentToBasisPoints(percent: number | string): number {
  const bp = Math.round(Number(percent) * 100);
  if (!Number.isFinite(bp) || bp < 0) throw new RangeError(`not a percentage: ${percent}`);
  return bp;
}

/** amount × rate, rounded half up to the riyal. */
export function applyRate(amount: Sar, basisPoints: number): Sar {
  return Math.floor((amount * basisPoints + 5_000) / 10_000);
}

const arFormatter = new Intl.NumberFormat('ar-SA');
const enFormatter = new Intl.NumberFormat('en-US');

export function formatSar(amount: Sar, language: 'ar' | 'en'): string {
  return language === 'ar' ? `${arFormatter.format(amount)} ريال` : `SAR ${enFormatter.format(amount)}`;
}
