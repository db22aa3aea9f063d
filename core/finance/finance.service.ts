// Recording a deal (the integration package's sale flow): the sale, its commission by the
// organization's tiers, the customer marked closed, the property sold or rented, and a follow-up
// task seven days later. Idempotent by key: a replayed message records nothing twice. A member records
// a deal with crm.create, for a customer he sees; the sale is audited.
import { addDays } from 'date-fns';
import { type AnalyticsSink, noAnalytics } from '../analytics/events.ts';
import { audit } from '../audit/audit.ts';
import type { DbTx } from '../db/client.ts';
import type { Clock } from '../shared/clock.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Scope } from '../shared/scope.ts';
import type { FollowupsService } from '../tasks/followups.service.ts';
import { authorize, sees } from '../teams/authorize.ts';
import { type EventSink, noEvents } from '../webhooks/events.ts';
import { commissionFor } from './commission.ts';

export interface RecordSale {
  amount: number;
  dealType: 'sale' | 'rent';
  customerId?: string;
  propertyId?: string;
  notes?: string;
  idempotencyKey: string;
}

export type FinanceErrorCode =
  | 'SALE.INVALID_AMOUNT'
  /** a customer id that is no customer of the office (the chat only passes ones it found there) */
  | 'SALE.CUSTOMER_NOT_FOUND'
  /** a property id that is no listing of the office */
  | 'SALE.PROPERTY_NOT_FOUND'
  /** a deal of another office, or of brokers the member does not see (reads) */
  | 'SALE.NOT_FOUND';

export const FOLLOW_UP_DAYS = 7;

export function createFinanceService({
  db,
  clock,
  events = noEvents,
  followups,
  analytics = noAnalytics,
}: {
  db: DbTx;
  clock: Clock;
  events?: EventSink;
  /**
   * the after-sale follow-up: a task with its reminder, and the customer's follow-up row (createCore
   * gives it; a finance service built alone, in a test of its queries, plans none)
   */
  followups?: Pick<FollowupsService, 'planFollowup'>;
  /** analytics events (core/analytics/events.ts) */
  analytics?: AnalyticsSink;
}) {
  return {
    async recordSale(
      scope: Scope,
      input: RecordSale,
    ): Promise<
      Result<
        { saleId: string; amount: number; commission: number; ratePercent: number; followUpAt: Date; created: boolean },
        FinanceErrorCode
      >
    > {
      authorize(scope, 'crm', 'create', 'sale.record');
      const userId = scope.userId;
      if (!userId) throw new Error('a sale is recorded by a member');
      if (!Number.isSafeInteger(input.amount) || input.amount <= 0 || input.amount > 2_000_000_000) {
        return err('SALE.INVALID_AMOUNT');
      }
      const existing = await db.sale.findFirst({
        where: { idempotencyKey: input.idempotencyKey, organizationId: scope.organizationId },
        include: { commissions: true },
      });
      if (existing) {
        const c = existing.commissions[0];
        return ok({
          saleId: existing.id,
          amount: existing.amount,
          commission: c?.amount ?? 0,
          ratePercent: Number(c?.rate ?? 0),
          followUpAt: addDays(existing.closedAt, FOLLOW_UP_DAYS),
          created: false,
        });
      }
      // Ids of another office are not found: nothing of theirs is linked to this office's deal.
      if (
        input.propertyId &&
        !(await db.property.findFirst({
          where: { id: input.propertyId, organizationId: scope.organizationId },
          select: { id: true },
        }))
      ) {
        return err('SALE.PROPERTY_NOT_FOUND');
      }
      const customer = input.customerId
        ? await db.customer.findFirst({
            where: { id: input.customerId, organizationId: scope.organizationId },
            select: { assignedToId: true },
          })
        : null;
      if (input.customerId && !customer) return err('SALE.CUSTOMER_NOT_FOUND');
      // The same deal told again in other words ("تم بيع العقار ٤", then "بعنا العقار ٤ بمليون"): a completed
      // sale of that property, or of that customer for that amount in the last 30 days, is the one meant.
      const again = await db.sale.findFirst({
        where: {
          organizationId: scope.organizationId,
          status: 'completed',
          OR: [
            ...(input.propertyId ? [{ propertyId: input.propertyId }] : []),
            ...(input.customerId ? [{ customerId: input.customerId, amount: input.amount }] : []),
          ],
          closedAt: { gte: addDays(clock.now(), -30) },
        },
        include: { commissions: true },
      });
      if (again && (input.propertyId || input.customerId)) {
        const c = again.commissions[0];
        return ok({
          saleId: again.id,
          amount: again.amount,
          commission: c?.amount ?? 0,
          ratePercent: Number(c?.rate ?? 0),
          followUpAt: addDays(again.closedAt, FOLLOW_UP_DAYS),
          created: false,
        });
      }
      // a customer the member does not see (another team's) is left out of the deal, never closed by it
      const customerId = customer && sees(scope, customer.assignedToId) ? input.customerId : undefined;
      const tiers = await db.commissionTier.findMany({
        where: { organizationId: scope.organizationId, isActive: true },
      });
      const commission = commissionFor(
        input.amount,
        tiers.map((t) => ({
          minAmount: t.minAmount,
          maxAmount: t.maxAmount,
          rate: t.rate.toString(),
          dealType: t.dealType,
        })),
        input.dealType,
      );
      const now = clock.now();
      const sale = await db.sale.create({
        data: {
          organizationId: scope.organizationId,
          userId,
          customerId,
          propertyId: input.propertyId,
          dealType: input.dealType,
          amount: input.amount,
          closedAt: now,
          notes: input.notes,
          idempotencyKey: input.idempotencyKey,
        },
      });
      await db.commission.create({
        data: {
          organizationId: scope.organizationId,
          saleId: sale.id,
          userId,
          rate: commission.ratePercent,
          amount: commission.amount,
        },
      });
      if (customerId) {
        await db.customer.updateMany({
          where: { id: customerId, organizationId: scope.organizationId },
          data: { status: 'closed', lastContact: now },
        });
      }
      if (input.propertyId) {
        await db.property.updateMany({
          where: { id: input.propertyId, organizationId: scope.organizationId },
          data: { status: input.dealType === 'rent' ? 'rented' : 'sold' },
        });
      }
      const followUpAt = addDays(now, FOLLOW_UP_DAYS);
      // reminded in the chat the broker last used; the customer (when the deal names one) gets the row
      const planned = await followups?.planFollowup(scope, {
        title: 'متابعة العميل بعد إتمام الصفقة',
        type: 'call',
        dueAt: followUpAt,
        customerId,
        propertyId: input.propertyId,
      });
      if (planned && !planned.ok) throw new Error(`after-sale follow-up: ${planned.error.code}`);
      await audit(db, scope, {
        action: 'sale.recorded',
        entityType: 'sale',
        entityId: sale.id,
        details: {
          dealType: input.dealType,
          amount: sale.amount,
          commission: commission.amount,
          customerId: customerId ?? null,
          propertyId: input.propertyId ?? null,
        },
      });
      await events.emit(scope, 'sale.recorded', {
        sale: {
          id: sale.id,
          brokerId: userId,
          customerId: customerId ?? null,
          propertyId: input.propertyId ?? null,
          dealType: input.dealType,
          amount: sale.amount,
          commission: commission.amount,
          ratePercent: commission.ratePercent,
          closedAt: sale.closedAt.toISOString(),
        },
      });
      await analytics.record(scope, {
        type: 'sale.recorded',
        userId,
        entity: { type: 'sale', id: sale.id },
        properties: {
          dealType: input.dealType,
          amount: sale.amount,
          commission: commission.amount,
          ratePercent: commission.ratePercent,
        },
      });
      return ok({
        saleId: sale.id,
        amount: sale.amount,
        commission: commission.amount,
        ratePercent: commission.ratePercent,
        followUpAt,
        created: true,
      });
    },
  };
}
