// match.list, match.accept, match.reject: the broker's smart matches with their reasons. A match
// belongs to the request's broker; accepting one with another office's shared listing reveals that
// listing's contacts, written to the audit log.
import type { MatchedFeature } from '../../../core/matching/score.ts';
import type { TurnContext } from '../../engine/context.ts';
import { formatPhoneForChat } from '../../render/format.ts';
import { matchLine } from '../../render/matches.ts';
import { t } from '../../render/texts.ts';
import { type Handler, nth, requireMember, say } from '../shared/helpers.ts';

async function pending(ctx: TurnContext, brokerId: string) {
  return ctx.db.smartMatch.findMany({
    where: { brokerId, status: 'pending' },
    orderBy: [{ createdAt: 'desc' }, { score: 'desc' }],
    take: 10,
    include: { offer: true, request: { include: { customer: { select: { name: true } } } } },
  });
}

export const listMatches: Handler = async (ctx) => {
  const member = requireMember(ctx, 'properties', 'view');
  if (!member) return;
  let matches = await pending(ctx, member.userId);
  const name = ctx.parsed?.entities.name;
  if (name) matches = matches.filter((m) => m.request.customer?.name.includes(name));
  if (matches.length === 0) {
    say(
      ctx,
      'ما فيه فرص جديدة الحين. بنبلغك أول ما يطابق عقار طلب عميل.',
      'No new matches right now. I will tell you as soon as a listing fits a request.',
    );
    return;
  }
  ctx.state.list = { kind: 'match', ids: matches.map((m) => m.id) };
  ctx.reply(
    [
      t(ctx.lang, '🎯 الفرص:', '🎯 Matches:'),
      ...matches.map(
        (m, i) =>
          `${nth(ctx, i)}. ${matchLine(ctx.lang, { score: m.score, matched: m.matchedFeatures as unknown as MatchedFeature[], offer: m.offer, customerName: m.request.customer?.name })}`,
      ),
      t(ctx.lang, 'اكتب «اقبل المطابقة ١» أو «ارفض المطابقة ٢».', 'Write "accept match 1" or "reject match 2".'),
    ].join('\n'),
  );
};

async function resolve(ctx: TurnContext, brokerId: string) {
  const ref = ctx.parsed?.entities.ref ?? 1;
  const ids = ctx.state.list?.kind === 'match' ? ctx.state.list.ids : (await pending(ctx, brokerId)).map((m) => m.id);
  const id = ids[ref - 1];
  return id
    ? ctx.db.smartMatch.findFirst({
        where: { id, brokerId },
        include: { offer: true, request: { include: { customer: true } } },
      })
    : null;
}

export const acceptMatch: Handler = async (ctx) => {
  const member = requireMember(ctx, 'properties', 'edit');
  if (!member) return;
  const match = await resolve(ctx, member.userId);
  if (!match) {
    say(ctx, 'ما لقيت هذي المطابقة. اكتب «المطابقات» لعرضها.', 'Match not found. Write "show matches" to see them.');
    return;
  }
  await ctx.db.smartMatch.update({ where: { id: match.id }, data: { status: 'accepted', respondedAt: ctx.now } });
  const lines = [t(ctx.lang, '✅ قبلت المطابقة.', '✅ Match accepted.')];
  // The other office's side is revealed only now, and the reveal is audited.
  if (match.offer.organizationId !== member.organizationId) {
    const d = match.offer.fullDetails as {
      ownerName?: string;
      ownerPhone?: string;
      brokerName?: string;
      brokerPhone?: string;
    };
    lines.push(
      t(
        ctx.lang,
        `وسيط العرض: ${d.brokerName ?? ''} ${d.brokerPhone ? formatPhoneForChat(d.brokerPhone, 'ar') : ''}`,
        `Listing broker: ${d.brokerName ?? ''} ${d.brokerPhone ?? ''}`,
      ),
      d.ownerPhone
        ? t(
            ctx.lang,
            `المالك: ${d.ownerName ?? ''} ${formatPhoneForChat(d.ownerPhone, 'ar')}`,
            `Owner: ${d.ownerName ?? ''} ${d.ownerPhone}`,
          )
        : '',
    );
    await ctx.db.auditLog.create({
      data: {
        organizationId: member.organizationId,
        userId: member.userId,
        action: 'marketplace.contact_revealed',
        entityType: 'offer',
        entityId: match.offerId,
        details: { via: 'smart_match', matchId: match.id },
      },
    });
  }
  if (match.request.organizationId !== member.organizationId) {
    const c = match.request.customer;
    lines.push(
      t(
        ctx.lang,
        `العميل: ${c?.name ?? ''} ${c?.phone ? formatPhoneForChat(c.phone, 'ar') : ''}`,
        `Client: ${c?.name ?? ''} ${c?.phone ?? ''}`,
      ),
    );
    await ctx.db.auditLog.create({
      data: {
        organizationId: member.organizationId,
        userId: member.userId,
        action: 'marketplace.contact_revealed',
        entityType: 'request',
        entityId: match.requestId,
        details: { via: 'smart_match', matchId: match.id },
      },
    });
  }
  ctx.reply(lines.filter(Boolean).join('\n'));
};

export const rejectMatch: Handler = async (ctx) => {
  const member = requireMember(ctx, 'properties', 'edit');
  if (!member) return;
  const match = await resolve(ctx, member.userId);
  if (!match) {
    say(ctx, 'ما لقيت هذي المطابقة.', 'Match not found.');
    return;
  }
  await ctx.db.smartMatch.update({ where: { id: match.id }, data: { status: 'rejected', respondedAt: ctx.now } });
  say(ctx, 'تمام، رفضت المطابقة.', 'OK, match rejected.');
};

export async function showMatch(ctx: TurnContext, id: string) {
  if (ctx.actor.kind !== 'member') return;
  const m = await ctx.db.smartMatch.findFirst({
    where: { id, brokerId: ctx.actor.member.userId },
    include: { offer: true, request: { include: { customer: { select: { name: true } } } } },
  });
  if (!m) return;
  const n = (ctx.state.list?.ids.indexOf(id) ?? 0) + 1;
  say(
    ctx,
    `${matchLine('ar', { score: m.score, matched: m.matchedFeatures as unknown as MatchedFeature[], offer: m.offer, customerName: m.request.customer?.name })}\nاكتب «اقبل المطابقة ${n}» أو «ارفض المطابقة ${n}».`,
    `${matchLine('en', { score: m.score, matched: m.matchedFeatures as unknown as MatchedFeature[], offer: m.offer, customerName: m.request.customer?.name })}\nWrite "accept match ${n}" or "reject match ${n}".`,
  );
}
