// Places a user implies without naming them.
import type { TurnContext } from '../../engine/context.ts';
import { citiesOfDistrict } from '../../language/index.ts';

/**
 * The city a district alone says: the office's own when it has a district of that name («النرجس» to a
 * Riyadh office), else the one city that has it («الملقا»); undefined when several others do, and the
 * user is asked "which city?".
 */
export function impliedCity(ctx: Pick<TurnContext, 'officeCity'>, district: string): string | undefined {
  const cities = citiesOfDistrict(district);
  if (ctx.officeCity && cities.includes(ctx.officeCity)) return ctx.officeCity;
  return cities.length === 1 ? cities[0] : undefined;
}
