// The matching.run job: finds the new smart matches of an offer or a request and tells each broker
// once, in the chat he last used ("🎯 ٣ فرص جديدة …"). Idempotent: a rerun finds no new matches, and
// the message's idempotency key is built from the matches it announces.
import { createHash } from 'node:crypto';
import { createCore } from '../../core/core.ts';
import { createDeferredQueue } from '../../core/jobs/deferred.queue.ts';
import { systemScope } from '../../core/shared/scope.ts';
import { formatNumber } from '../render/format.ts';
import { matchLine } from '../render/matches.ts';
import { t } from '../render/texts.ts';
import type { BackgroundDeps } from './reminders.job.ts';

const SHOWN = 3;

export function createMatchRunner({ db, clock, jobs, logger }: BackgroundDeps) {
  return {
    async run(subject: { kind: 'offer' | 'request'; id: string }): Promise<number> {
      const deferred = createDeferredQueue();
      const sent = await db.$transaction(
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
            const lines = shown.map((m, i) => `${i + 1}. ${matchLine(lang, m)}`);
            const total = group.matches.length;
            const text = [
              t(
                lang,
                `🎯 ${formatNumber(total, 'ar')} ${total === 1 ? 'فرصة جديدة' : 'فرص جديدة'}:`,
                `🎯 ${total} new ${total === 1 ? 'match' : 'matches'}:`,
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
            await core.notifications.notify(
              scope,
              chat,
              { text, notification: { kind: 'match_alert', params: [String(total)] } },
              `match:${group.brokerId}:${key}`,
            );
            count += 1;
            await core.matching.markNotified(
              scope,
              group.matches.map((m) => m.id),
            );
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
