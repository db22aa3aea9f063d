// «طيب اذا نزل شي كلمني», «بلغوني اول ما يتوفر», "let me know if anything comes up": a client asking to
// hear of what comes later, not for a call now. With a request on file his match alerts are (turned back)
// on and he is told so; without one he is asked what he is looking for. Before this, «كلموني» in such a
// sentence sent his broker a "call me" and «كلمني» got a greeting with the offer to resume.
import { contactScope } from '../../../core/shared/scope.ts';
import { foldForSearch } from '../../../core/shared/text.ts';
import type { TurnContext } from '../../engine/context.ts';
import { anyOf, say } from '../shared/helpers.ts';

const WHEN = '(اذا|لو|متي ما|متي|اول ما|حال ما|لا)';
const COMES =
  '(نزل|نزلت|ينزل|تنزل|جا|جاء|جاكم|يجي|يجيكم|صار|توفر|يتوفر|لقيتو|لقيتوا|لقيتم|لقيت|حصلتو|حصلتوا|حصلت|طلع|يطلع|فيه|في|استجد|جد)';
const TELL_ME =
  '(كلمني|كلموني|بلغني|بلغوني|ابلغني|ابلغوني|خبرني|خبروني|علمني|علموني|نبهني|نبهوني|طمني|طمنوني|راسلني|راسلوني|ارسلي|ارسل لي|ارسلو لي|ارسلوا لي|رسلي|رسلو لي|تواصل معي|تواصلو معي|تواصلوا معي|اتصل علي|اتصلو علي|اتصلوا علي|دقو علي|دقوا علي)';

const NOTIFY_LATER = anyOf([
  // «اذا نزل شي كلمني», «اول ما يتوفر شي بلغوني»
  `(^|\\s)${WHEN}\\s.{0,30}${COMES}(\\s.{0,30})?\\s${TELL_ME}(\\s|$)`,
  // «بلغني اذا نزل شي», «خبروني لا جاكم شي»
  `(^|\\s)${TELL_ME}\\s.{0,20}${WHEN}\\s.{0,30}${COMES}(\\s|$)`,
  // «بلغني بالجديد», «خلك على تواصل معي»
  '(^|\\s)(بلغني|بلغوني|خبرني|خبروني|علمني|علموني) (بالجديد|باي جديد|بالعروض الجديده|اول باول)',
  '\\b(let me know|keep me (posted|updated|informed|in the loop)|notify me|tell me|ping me|message me|text me|call me|contact me|update me|get back to me|reach out)\\b.{0,40}\\b(if|when|once|as soon as)\\b.{0,40}\\b(comes? up|comes? in|available|anything|something|new|fits|matches|appears|listed)',
  '\\b(if|when|once|as soon as)\\b.{0,40}\\b(comes? up|comes? in|becomes available|is available|shows up|gets listed|pops up)\\b.{0,30}\\b(let me know|tell me|notify me|call me|contact me|message me|text me|ping me)\\b',
  '^(ok(ay)?,? |great,? |thanks,? )?(keep me (posted|updated|informed|in the loop))',
]);

export function asksToHearLater(text: string): boolean {
  return NOTIFY_LATER.test(foldForSearch(text));
}

/** Answers «اذا نزل شي كلمني»; false when the message is something else. */
export async function notifyLater(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind === 'member' || !asksToHearLater(ctx.text)) return false;
  const customerId = ctx.contact.customerId;
  const requests = customerId
    ? await ctx.core.listings.setClientAlerts(contactScope(ctx.organizationId), customerId, true)
    : 0;
  if (requests > 0) {
    say(
      ctx,
      'أبشر ✅ طلبك مسجل عندنا، وأول ما ينزل عقار يناسبه أرسله لك هنا (بحد أقصى ٣ باليوم). وإذا حبيت تكلم الوسيط اكتب «ابي اكلم الوسيط».',
      'Sure ✅ your request is on file: as soon as a listing fits it I will send it to you here (3 a day at most). To talk to the broker, write "I want to talk to the broker".',
    );
    return true;
  }
  say(
    ctx,
    'أبشر. قل لي وش تدوّر عليه (النوع، للبيع أو للإيجار، المدينة أو الحي، والميزانية) وأسجل طلبك، وأبلغك أول ما ينزل شي يناسبك.',
    'Sure. Tell me what you are looking for (the type, to buy or rent, the city or district, and your budget) and I will file it and tell you as soon as something fits.',
  );
  return true;
}
