// The largest values a chat may carry into core. Money is whole SAR and areas whole m², both stored in
// int4 columns (at most 2,147,483,647): a bigger number (99,999,999,999 typed by mistake) overflowed
// the column and failed the whole turn. The bounds sit below the column's limit, above any real deal.

/** The largest amount of money, in whole SAR: a price, a budget, a sale, a commission. */
export const MAX_SAR = 2_000_000_000;

/** The largest area, in m² (100 km²: more than any plot, farm included). */
export const MAX_AREA_M2 = 100_000_000;

/** The largest value of an int4 column (reference numbers, counts). */
export const MAX_INT4 = 2_147_483_647;

/** Whether a number can be compared with an int4 column: a bigger one fails the whole query. */
export const fitsInt4 = (n: number): boolean => Number.isSafeInteger(n) && n >= -MAX_INT4 - 1 && n <= MAX_INT4;
