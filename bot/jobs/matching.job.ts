// The matching.run job: finds the new smart matches of an offer or a request and tells each broker
// once, in the chat he last used ("🎯 ٣ فرص جديدة …"). Idempotent: a rerun finds no new matches, and
// the message's idempotency key is built from the matches it announces.
import { createHash } from 'node:crypto';
import { createCore } from '../../core/core.ts';
import { transaction } from '../../core/db/client.ts';
import { createDeferredQueue } from '../../core/jobs/deferred.queue.ts';
import { CLIENT_ALERT_KEY, type ClientAlert } from '../../core/listings/client-alerts.service.ts';
import { systemScope } from '../../core/shared/scope.ts';
import { typeLabel } from '../features/listings/listings.texts.ts';
import { countAr, NOUNS } from '../render/counts.ts';
import { formatMoney, formatNumber, type Lang, placeLabel } from '../render/format.ts';
import { matchLine } from '../render/matches.ts';
import { t } from '../render/texts.ts';
import type { OutboundMessage } from '../types.ts';
import type { BackgroundDeps } from './reminders.job.ts';

const SHOWN = 3;

/**
 * "🏠 عقار جديد يناسب طلبك: شقة للإيجار — الملقا، الرياض — ٦٥٬٠٠٠ ريال سنوياً (العقار ٢)"; a listing the
 * office already had, found for a request just filed, is not called new (`newListing` false).
 */
export function clientAlertMessage(alert: ClientAlert, lang: Lang, newListing = true): OutboundMessage {
  const p = alert.property;
  const deal = p.listingType === 'rent' ? t(lang, 'للإيجار', 'for rent') : t(lang, 'للبيع', 'for sale');
  const place = placeLabel(p.district, p.city, lang);
  const per =
    p.listingType === 'rent'
      ? t(lang, p.rentPeriod === 'monthly' ? ' شهرياً' : ' سنوياً', p.rentPeriod === 'monthly' ? ' a month' : ' a year')
      : '';
  return {
    text: [
      newListing
        ? t(lang, '🏠 عقار جديد يناسب طلبك:', '🏠 A new listing fits your request:')
        : t(lang, '🏠 عندنا عقار يناسب طلبك:', '🏠 We have a listing that fits your request:'),
      `${typeLabel(p.propertyType, lang)} ${deal} — ${place}${p.area ? ` — ${formatNumber(p.area, lang)} ${t(lang, 'م²', 'm²')}` : ''} — ${formatMoney(p.price, lang)}${per} ${t(lang, `(العقار ${formatNumber(p.refNumber, 'ar')})`, `(property #${p.refNumber})`)}`,
      t(
        lang,
        `تبي تعاينه؟ اكتب: ابي اشوف العقار ${formatNumber(p.refNumber, 'ar')} بكرة العصر`,
        `Want to see it? Write: I want to see property ${p.refNumber} tomorrow afternoon`,
      ),
      t(lang, 'لإيقاف هذي التنبيهات اكتب «وقف التنبيهات».', 'To stop these alerts, write "stop alerts".'),
    ].join('\n'),
    notification: { kind: 'match_alert', params: ['1'] },
  };
}

export function createMatchRunner({ db, clock, jobs, logger }: BackgroundDeps) {
  return {
    async run(subject: { kind: 'offer' | 'request'; id: string }): Promise<number> {
      const deferred = createDeferredQueue();
      // transaction(): the core's sql() statements (the matches' insert, the member's chat, the alerts'
      // rows) run on its connection straight on pg, prepared, instead of through Prisma's raw queries.
      const sent = await transaction(
        db,
        async (tx) => {
          const core = createCore({ db: tx, clock, jobs: deferred.queue, logger });
          const groups =
            subject.kind === 'offer'
              ? await core.matching.matchOffer(subject.id)
              : await core.matching.matchRequest(subject.id);
          let count = 0;
          for (const group of groups) {
            const scope = systemScope(group.organizationId);
            const chat = await core.notifications.chatOfMember(scope, group.brokerId);
            if (!chat) continue; // a broker who never chatted sees them with match.list
            const lang = chat.lang;
            const shown = await core.matching.summaries(
              scope,
              group.matches.slice(0, SHOWN).map((m) => m.id),
            );
            const lines = shown.map((m, i) => `${formatNumber(i + 1, lang)}. ${matchLine(lang, m)}`);
            const total = group.matches.length;
            const text = [
              t(lang, `🎯 ${countAr(total, NOUNS.newMatch)}:`, `🎯 ${total} new ${total === 1 ? 'match' : 'matches'}:`),
              ...lines,
              t(
                lang,
                'اكتب «المطابقات» لعرضها، أو «اقبل المطابقة ١».',
                'Write "show matches" to see them, or "accept match 1".',
              ),
            ].join('\n');
            const key = createHash('sha256')
              .update(
                group.matches
                  .map((m) => m.id)
                  .sort()
                  .join(','),
              )
              .digest('hex')
              .slice(0, 24);
            await core.notifications.notify(
              scope,
              chat,
              { text, notification: { kind: 'match_alert', params: [String(total)] } },
              `match:${group.brokerId}:${key}`,
              { initiated: true },
            );
            count += 1;
            await core.matching.markNotified(
              scope,
              group.matches.map((m) => m.id),
            );
          }
          // The clients whose requests these are: the office's own listings only, paced, stoppable.
          for (const group of groups) {
            const scope = systemScope(group.organizationId);
            const alerts = await core.listings.clientAlertsFor(
              scope,
              group.matches.map((m) => m.id),
            );
            for (const alert of alerts) {
              await core.notifications.notify(
                scope,
                {
                  channelAccountId: alert.contact.channelAccountId,
                  chatId: alert.contact.externalId,
                  contactId: alert.contact.id,
                },
                clientAlertMessage(alert, alert.contact.language === 'en' ? 'en' : 'ar', subject.kind === 'offer'),
                `${CLIENT_ALERT_KEY}${alert.requestId}:${alert.property.id}`,
                { initiated: true },
              );
            }
          }
          return count;
        },
        { timeout: 30_000 },
      );
      await deferred.flush(jobs).catch((error) => logger.warn({ err: error }, 'send not queued'));
      return sent;
    },
  };
}
