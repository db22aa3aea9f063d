// Voice notes (issue 15): a WhatsApp or Telegram audio message is fetched through its channel, transcribed
// by the AI helper (core.ai.transcribe: OPENAI_TRANSCRIBE_MODEL) and then read as if the sender had typed
// it: the transcript goes through the same parser, dialogs and permissions as any text, after a short echo
// («🎤 سمعت: …») so that a misheard word is seen before it is acted on. It runs before the message is
// read, so that a transcript answers the choices and questions that wait like a typed answer would.
//
// Without a key, or when the note is too long or large, cannot be fetched or is not understood, the sender
// is asked politely, in his language, to type it; nothing else happens in that turn, so the conversation
// (a dialog's question, the offered choices) stays exactly where it was. The audio itself is never stored.
import { truncateGraphemes } from '../../core/shared/sanitize.ts';
import { contactScope, memberScope } from '../../core/shared/scope.ts';
import { type AudioErrorCode, MAX_AUDIO_SECONDS } from '../media.ts';
import { formatNumber, type Lang } from '../render/format.ts';
import { t } from '../render/texts.ts';
import type { Middleware } from './compose.ts';
import type { TurnContext } from './context.ts';

/** How much of the transcript the echo repeats. */
const ECHO_CHARS = 200;

type Refusal = AudioErrorCode | 'off' | 'not_understood';

function askToType(lang: Lang, why: Refusal): string {
  switch (why) {
    case 'off':
      return t(
        lang,
        '🎤 وصلتني رسالتك الصوتية، بس ما أقدر أسمع الرسائل الصوتية حالياً. اكتب لي طلبك لو سمحت.',
        '🎤 I got your voice message, but I cannot listen to voice messages at the moment. Please type it for me.',
      );
    case 'AUDIO.TOO_LONG':
    case 'AUDIO.TOO_LARGE':
      return t(
        lang,
        `🎤 الرسالة الصوتية طويلة علي (الحد ${formatNumber(MAX_AUDIO_SECONDS / 60, 'ar')} دقائق). أرسل رسالة أقصر أو اكتب طلبك.`,
        `🎤 That voice message is too long for me (up to ${MAX_AUDIO_SECONDS / 60} minutes). Please send a shorter one or type it.`,
      );
    case 'AUDIO.UNSUPPORTED':
      return t(
        lang,
        '🎤 ما أقدر أقرأ صيغة هذا الملف الصوتي. اكتب لي طلبك لو سمحت.',
        '🎤 I cannot read that audio format. Please type your message.',
      );
    default:
      return t(
        lang,
        '🎤 ما قدرت أسمع رسالتك الصوتية زين. ممكن تكتبها لي؟',
        '🎤 I could not make out your voice message. Could you type it for me?',
      );
  }
}

/** The language a transcript is in: Arabic letters say Arabic; Latin letters only, English. */
function transcriptLang(text: string, fallback: Lang): Lang {
  if (/\p{Script=Arabic}/u.test(text)) return 'ar';
  return /\p{L}/u.test(text) ? 'en' : fallback;
}

export const voiceNote: Middleware<TurnContext> = async (ctx, next) => {
  const { inbound } = ctx;
  const media = inbound.kind === 'media' ? inbound.media : undefined;
  // a caption (an audio file sent with words) is read as the message itself
  if (media?.kind !== 'audio' || inbound.text?.trim()) return next();
  if (!ctx.core.ai.enabled) {
    ctx.reply(askToType(ctx.lang, 'off'));
    return;
  }
  const audio = await ctx.media.fetchAudio(ctx.channel.kind, media);
  if (!audio.ok) {
    ctx.reply(askToType(ctx.lang, audio.error.code));
    return;
  }
  const scope = ctx.actor.kind === 'member' ? memberScope(ctx.actor.member) : contactScope(ctx.organizationId);
  const heard = await ctx.core.ai.transcribe(scope, {
    data: audio.value.bytes,
    mimeType: audio.value.mimeType,
    fileName: audio.value.fileName,
  });
  const text = heard.ok ? heard.value.text.replace(/\s+/g, ' ').trim() : '';
  if (!heard.ok || !/[\p{L}\p{N}]/u.test(text)) {
    ctx.logger.info({ reason: heard.ok ? 'empty' : heard.reason }, 'voice note not transcribed');
    ctx.reply(askToType(ctx.lang, 'not_understood'));
    return;
  }
  const lang = transcriptLang(text, ctx.lang);
  ctx.reply(
    t(
      lang,
      `🎤 سمعت: «${truncateGraphemes(text, ECHO_CHARS, '…')}»`,
      `🎤 I heard: "${truncateGraphemes(text, ECHO_CHARS, '…')}"`,
    ),
  );
  // From here on the note is the text it says.
  const { media: _audio, ...rest } = inbound;
  ctx.inbound = { ...rest, kind: 'text', text };
  await next();
};
