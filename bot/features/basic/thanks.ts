// Thanks, blessings, goodbyes and a thumbs-up are not requests: they get a short courteous answer, never
// the "I didn't get that" and the menu. Only a message that is courtesy and nothing else counts, so that
// «شكراً، وش مواعيدي بكرة؟» still goes to the appointments.

import type { TurnContext } from '../../engine/context.ts';
import { normalizeArabic } from '../../language/index.ts';
import { t } from '../../render/texts.ts';

/** Courtesy words and phrases, in the parser's normal form (folded letters, lower case). */
const COURTESY =
  /(?:^|\s)(?:شكرا|مشكور(?:ين|ه)?|تسلم(?:ين|ون)?|تسلم ايدك|يعطيك (?:الف )?(?:ال)?عافيه|الله يعطيك (?:الف )?(?:ال)?عافيه|يعافيك|عافاك الله|ماقصرت|ما قصرتوا|ما قصرتو|يسلمو|يسلموا|الله يسلمك|تشكر|تشكرين|الف شكر|الله يجزيك خير|بارك الله فيك|الله يوفقك|الله يسعدك|جزاك الله خير|جزاك الله خيرا|ما قصرت|ما قصرتي|الله يجزاك خير|thanks|thank you|thank u|thx|ty|cheers|appreciated|much appreciated|many thanks|tysm)(?=\s|$)/gu;
/** Goodbyes: «مع السلامة», «في امان الله», «تصبح على خير», "bye", "take care". */
const FAREWELL =
  /(?:^|\s)(?:مع السلامه|مع السلامة|في امان الله|فمان الله|بامان الله|الله يحفظك|الله يحفظكم|بحفظ الله|تصبح علي خير|تصبحون علي خير|تصبحين علي خير|نلتقي|اشوفك|اشوفكم|باي|يلا باي|وداعا|bye|bye bye|goodbye|good bye|see you|see ya|see you later|take care|good night|have a good (?:day|night|one|evening))(?=\s|$)/gu;
/** Words that only soften or strengthen the courtesy: «شكراً جزيلاً», "thanks a lot". */
const FILLER =
  /(?:^|\s)(?:جزيلا|كثير|والله|يا|يلا|يالله|طيب|اوكي|ok|okay|k|kk|alright|اخوي|اختي|يالغالي|الغالي|يالطيب|حبيبي|لك|لكم|نوفا|nova|so|very|much|a lot|lot|again|guys|you|bro)(?=\s|$)/gu;
/** Emoji and signs of approval or thanks. */
const COURTESY_SIGNS = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F|\u200D|[!.,،؛:)(\s]/gu;

/** Whether the whole message is thanks, a blessing, a goodbye or an approving emoji. */
export function isThanks(text: string): boolean {
  return courtesyOf(text) !== undefined;
}

/** What the whole message is: thanks (blessings and emoji too), or a goodbye (with or without thanks). */
function courtesyOf(text: string): 'thanks' | 'farewell' | undefined {
  const raw = text.trim();
  if (!raw || raw.length > 80) return undefined;
  const onlySigns = raw.replace(COURTESY_SIGNS, '') === '';
  if (onlySigns) return /\p{Extended_Pictographic}/u.test(raw) ? 'thanks' : undefined;
  const words = normalizeArabic(raw.replace(COURTESY_SIGNS, ' ')).toLowerCase();
  const withoutGoodbye = words.replace(FAREWELL, ' ');
  const rest = withoutGoodbye.replace(COURTESY, ' ');
  if (rest === words || rest.replace(FILLER, ' ').trim() !== '') return undefined;
  return withoutGoodbye !== words ? 'farewell' : 'thanks';
}

/** The feature's `words`: a courteous line for thanks or a goodbye; false for anything else. */
export async function answerThanks(ctx: TurnContext): Promise<boolean> {
  const courtesy = courtesyOf(ctx.text);
  if (!courtesy) return false;
  if (courtesy === 'farewell') {
    ctx.reply(t(ctx.lang, 'في أمان الله 🌷 أنا موجود متى ما احتجت.', 'Take care! 👋 I am here whenever you need me.'));
    return true;
  }
  const blessing = /عافي/u.test(normalizeArabic(ctx.text));
  ctx.reply(
    t(
      ctx.lang,
      blessing ? 'الله يعافيك! بالخدمة دايماً 🌷' : 'العفو، بالخدمة دايماً 🌷',
      "You're welcome! Happy to help 🙂",
    ),
  );
  return true;
}
