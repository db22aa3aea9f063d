// The matching.run job: finds the new smart matches of an offer or a request and tells each broker
// once, in the chat he last used ("🎯 ٣ فرص جديدة …"). Idempotent: a rerun finds no new matches, and
// the message's idempotency key is built from the matches it announces.
import { createHash } from 'node:crypto';
import { createMatchingService } from '../../core/matching/matching.service.ts';
import { formatNumber } from '../render/format.ts';
import { matchLine } from '../render/matches.ts';
import { t } from '../render/texts.ts';
import type { BackgroundDeps } from './reminders.job.ts';

const SHOWN = 3;

export function createMatchRunner({ db, clock, jobs, logger }: BackgroundDeps) {
  return {
    async run(subject: { kind: 'offer' | 'request'; id: string }): Promise<number> {
      const outboundIds = await db.$transaction(
        async (tx) => {
          const service = createMatchingService({ db: tx, clock });
          const groups =
            subject.kind === 'offer' ? await service.matchOffer(subject.id) : await service.matchRequest(subject.id);
          const ids: string[] = [];
          for (const group of groups) {
            const contact = await tx.contact.findFirst({
              where: { organizationId: group.organizationId, userId: group.brokerId },
              orderBy: { lastInboundAt: { sort: 'desc', nulls: 'last' } },
              select: { id: true, channelAccountId: true, externalId: true, language: true },
            });
            if (!contact) continue; // a broker who never chatted sees them with match.list
            const lang = contact.language === 'en' ? 'en' : 'ar';
            const shown = group.matches.slice(0, SHOWN);
            const offers = await tx.offer.findMany({ where: { id: { in: shown.map((m) => m.offerId) } } });
            const requests = await tx.request.findMany({
              where: { id: { in: shown.map((m) => m.requestId) } },
              select: { id: true, customer: { select: { name: true } } },
            });
            const lines = shown.map((m, i) => {
              const offer = offers.find((o) => o.id === m.offerId)!;
              const request = requests.find((r) => r.id === m.requestId);
              return `${i + 1}. ${matchLine(lang, { score: m.score, matched: m.matched, offer, customerName: request?.customer?.name })}`;
            });
            const count = group.matches.length;
            const text = [
              t(
                lang,
                `🎯 ${formatNumber(count, 'ar')} ${count === 1 ? 'فرصة جديدة' : 'فرص جديدة'}:`,
                `🎯 ${count} new ${count === 1 ? 'match' : 'matches'}:`,
              ),
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
            const row = await tx.outboundMessage.create({
              data: {
                organizationId: group.organizationId,
                channelAccountId: contact.channelAccountId,
                contactId: contact.id,
                chatId: contact.externalId,
                idempotencyKey: `match:${group.brokerId}:${key}`,
                payload: { text, notification: { kind: 'match_alert', params: [String(count)] } },
              },
              select: { id: true },
            });
            ids.push(row.id);
            await tx.smartMatch.updateMany({
              where: { id: { in: group.matches.map((m) => m.id) } },
              data: { notifiedAt: clock.now() },
            });
          }
          return ids;
        },
        { timeout: 30_000 },
      );
      for (const outboundId of outboundIds) {
        await jobs
          .enqueue('outbound.send', { outboundId }, { jobId: `outbound-${outboundId}` })
          .catch((error) => logger.warn({ err: error }, 'send not queued'));
      }
      return outboundIds.length;
    },
  };
}
