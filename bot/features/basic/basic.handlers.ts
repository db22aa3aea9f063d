// greeting, help, and confirm/deny/select when no dialog or list is waiting for them.

import { firstName, helpRoleOf } from '../../engine/who.ts';
import { helpText, t } from '../../render/texts.ts';
import { asksQuestion, type Handler } from '../shared/helpers.ts';

export const greeting: Handler = async (ctx) => {
  ctx.reply(helpText(ctx.lang, helpRoleOf(ctx), firstName(ctx)));
};

export const help: Handler = greeting;

export const nothingPending: Handler = async (ctx) => {
  // «تمام», «اوكي», «لا» after an answer: an acknowledgement, answered in kind.
  const intent = ctx.parsed?.intent;
  if ((intent === 'confirm' || intent === 'deny') && !ctx.choice && !asksQuestion(ctx.text)) {
    ctx.reply(t(ctx.lang, '👍 تمام. إذا احتجت شي ثاني أنا موجود.', "👍 OK. I'm here if you need anything else."));
    return;
  }
  if (ctx.state.list?.kind === 'listing') {
    // a question about listings just shown that Nova cannot read: how to ask what it can answer
    ctx.reply(
      t(
        ctx.lang,
        'ما فهمت سؤالك. اكتب رقم العقار لتفاصيله (مثلاً ١)، أو «ابي اشوف العقار ١ بكرة العصر» لحجز معاينة.',
        'I did not get your question. Reply with a property number for its details (e.g. 1), or "I want to see property 1 tomorrow afternoon" to book a viewing.',
      ),
    );
    return;
  }
  ctx.reply(
    t(
      ctx.lang,
      'ما عندي سؤال مفتوح لك الحين. وش تبي نسوي؟',
      'There is no open question right now. What would you like to do?',
    ),
  );
};
