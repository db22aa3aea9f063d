// «الغ التذكير حق ناصر», «امسح مهمة البنك», «احذف المهمة ٢», "cancel the reminder to call Omar": a task
// cancelled in the broker's words. The parser reads them as a plain cancel, which stops a dialog; with
// none waiting, Nova answered "nothing to cancel" while the reminder he meant stayed. Its reminder and
// the customer's follow-up it carries are cancelled with it (tasks.service.ts update).

import { z } from 'zod';
import { toAsciiDigits } from '../../../core/shared/digits.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import { memberCan } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { defineDialog } from '../../engine/dialog.ts';
import { normalizeArabic } from '../../language/index.ts';
import { formatNumber } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { nth, say } from '../shared/helpers.ts';
import { justSetTask, remindedTask } from './referent.ts';
import { byWords } from './tasks.words.ts';

const CANCEL =
  /(^|\s)(الغ|الغي|الغيه|الغيها|امسح|امسحه|امسحها|احذف|احذفه|احذفها|شيل|كنسل|بطل|cancel|delete|remove|drop)(?=\s|$)/u;
const TASK_WORD = /(^|\s)(ال)?(تذكير|مهمه|مهمة)(?=\s|$)|\b(reminders?|tasks?)\b/u;
/** Words that join the verb, the task word and the subject: not part of what names the task. */
const FILLER = new Set([
  ...['حق', 'مال', 'عن', 'بخصوص', 'اللي', 'الي', 'على', 'علي', 'حقت', 'لو', 'سمحت', 'تكفى', 'يا', 'نوفا'],
  ...['the', 'a', 'my', 'to', 'about', 'for', 'of', 'please', 'pls', 'that', 'reminder', 'reminders', 'task', 'tasks'],
]);

export type CancelTarget = { kind: 'ref'; n: number } | { kind: 'words'; words: string[] } | { kind: 'it' };

/** What a message asks to cancel, when it is a task named with a task word; undefined otherwise. Pure. */
export function readTaskCancel(text: string): CancelTarget | undefined {
  const folded = toAsciiDigits(normalizeArabic(text).toLowerCase())
    .replace(/'s\b/gu, '')
    .replace(/[،,.!؟?]/gu, ' ');
  if (!CANCEL.test(folded) || !TASK_WORD.test(folded)) return undefined;
  const words = folded
    .replace(CANCEL, ' ')
    .replace(TASK_WORD, ' ')
    .split(/\s+/u)
    .filter((w) => w && !FILLER.has(w));
  const ref = words.length === 1 && /^\d{1,3}$/u.test(words[0]!) ? Number(words[0]) : undefined;
  if (ref) return { kind: 'ref', n: ref };
  // "cancel the reminder", «الغ التذكير»: the one just set, else he picks
  return words.length ? { kind: 'words', words } : { kind: 'it' };
}

type OpenTask = { id: string; title: string };

/** Cancels the task a broker's words name; false when the message is not such a request. */
export async function cancelTaskByWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || ctx.choice || !ctx.text) return false;
  const target = readTaskCancel(ctx.text);
  if (!target) return false;
  const member = ctx.actor.member;
  if (!memberCan(member, 'tasks', 'edit')) return false;
  const open = await ctx.core.tasks.list(memberScope(member), [member.userId]);
  let found: OpenTask[];
  if (target.kind === 'ref') {
    const ids = ctx.state.list?.kind === 'task' ? ctx.state.list.ids : open.map((x) => x.id);
    const id = ids[target.n - 1];
    found = open.filter((x) => x.id === id);
    if (found.length === 0) {
      say(
        ctx,
        `ما عندي مهمة مفتوحة رقم ${formatNumber(target.n, 'ar')}. اكتب «مهامي» لعرضها.`,
        `There is no open task ${target.n}. Write "my tasks" to see them.`,
      );
      return true;
    }
  } else if (target.kind === 'it') {
    // the one just set, else the one the chat was last reminded of (a repeating reminder that just came)
    const it = justSetTask(ctx.state.lastTask, ctx.now) ?? (await remindedTask(ctx, member));
    found = open.filter((x) => x.id === it);
  } else {
    found = byWords(open, target.words);
  }
  if (found.length === 1) return cancel(ctx, member, found[0]!);
  const choices = found.length ? found : open;
  if (choices.length === 0) {
    say(ctx, 'ما عندك مهام ولا تذكيرات مفتوحة 👌', 'You have no open tasks or reminders 👌');
    return true;
  }
  if (found.length) {
    // «١» next cancels the one he picks (a dialog: a bare number would otherwise open the task)
    taskCancelDialog.start(ctx, 'which', { ids: choices.map((x) => x.id) });
  } else {
    ctx.state.list = { kind: 'task', ids: choices.map((x) => x.id) };
  }
  ctx.reply(
    [
      found.length
        ? t(ctx.lang, 'أي وحدة ألغي؟ اكتب رقمها:', 'Which one should I cancel? Reply with its number:')
        : t(
            ctx.lang,
            'ما لقيت مهمة بهالاسم. مهامك المفتوحة (اكتب مثلاً: الغ المهمة ١):',
            'I found no task by that name. Your open tasks (write e.g.: cancel task 1):',
          ),
      ...choices.map((task, i) => `${nth(ctx, i)}. ${task.title}`),
    ].join('\n'),
  );
  return true;
}

/** «أي وحدة ألغي؟»: the answer is the number of one of the tasks shown. */
export const taskCancelDialog = defineDialog({
  name: 'task_cancel',
  version: 1,
  steps: ['which'],
  schema: z.object({ ids: z.array(z.string()).min(1) }),
  about: () => ({ ar: 'تلغي مهمة', en: 'cancelling a task' }),
  accepts: (ctx, { data }) => pickedIndex(ctx.text, data.ids.length) !== undefined,
  async handle(ctx, { data }) {
    taskCancelDialog.end(ctx);
    const index = pickedIndex(ctx.text, data.ids.length);
    if (ctx.actor.kind !== 'member' || index === undefined) return false;
    const member = ctx.actor.member;
    const task = await ctx.core.tasks.get(memberScope(member), data.ids[index]!);
    if (!task || task.status === 'done' || task.status === 'cancelled') {
      say(ctx, 'هذي المهمة منتهية أصلاً 👌', 'That task is already closed 👌');
      return true;
    }
    return cancel(ctx, member, task);
  },
});

/** «٢», "2", «الثانية»: which of n shown; undefined when it is no such number. */
function pickedIndex(text: string, n: number): number | undefined {
  const digits = toAsciiDigits(normalizeArabic(text)).trim();
  const m = digits.match(/^(?:رقم\s*|no\.?\s*|#)?(\d{1,2})\s*[.)]?$/iu);
  const i = m ? Number(m[1]) - 1 : -1;
  return i >= 0 && i < n ? i : undefined;
}

async function cancel(ctx: TurnContext, member: Member, task: OpenTask): Promise<boolean> {
  const done = await ctx.core.tasks.update(memberScope(member), task.id, { status: 'cancelled' });
  if (!done.ok) {
    say(ctx, 'ما قدرت ألغي المهمة.', 'I could not cancel that task.');
    return true;
  }
  if (ctx.state.list?.kind === 'task') delete ctx.state.list;
  say(ctx, `🗑 ألغيت: ${task.title}. ما راح أذكرك فيها.`, `🗑 Cancelled: ${task.title}. I will not remind you of it.`);
  return true;
}
