// Snoozing a task and closing it right after its reminder, in the broker's words (tasks.words.ts reads
// them; this is the tasks feature's `words` hook, tried before the parser's intents):
//   «أجلها لبكرة», «أجلها ساعتين», "snooze it to tomorrow": "it" is the task of the reminder this chat
//   got last (within REMINDER_CONTEXT_MS); a viewing's reminder makes it a viewing's move, left to the
//   viewings feature;
//   «أجل المهمة ٢ لبكرة», "postpone task 2 to Sunday": by number in the last «مهامي» list;
//   «أجل مهمة البنك لبكرة»: by the words of its title (a task word is needed: «أجل خالد» may be a viewing);
//   «تم», «خلصت», "done" alone, right after a task's reminder: that task is done.
// The task's reminder moves with it (same dedupe key) and so does the customer's follow-up it carries.

import { z } from 'zod';
import { atLocalTime, localDateOf } from '../../../core/shared/local-time.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import { memberCan } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { defineDialog } from '../../engine/dialog.ts';
import { formatDateTime, formatDay, formatNumber } from '../../render/format.ts';
import { t } from '../../render/texts.ts';
import { hourLike, nth, say } from '../shared/helpers.ts';
import { justBookedAppointment, justSetTask, remindedTask } from './referent.ts';
import { cancelTaskByWords } from './tasks.cancel.ts';
import { sayDone } from './tasks.handlers.ts';
import { byWords, readSnooze, type SnoozeAsk, type SnoozeWhen, saysDoneIt, snoozeWhen } from './tasks.words.ts';

type OpenTask = { id: string; title: string; dueAt: Date | null; dueDate: Date | null };

/** The new due time: minutes from now, the exact time said, or that day at the task's own time of day. */
export function snoozedTo(
  when: SnoozeWhen,
  task: { dueAt: Date | null },
  now: Date,
  tz: string,
): { dueAt: Date } | { dueDate: string } {
  if (when.kind === 'in') {
    const later = new Date(now.getTime() + when.minutes * 60_000);
    // «أجلها أسبوع», «يومين» of a 10 am follow-up: 10 am that many days from today, not this minute's time
    if (when.minutes % 1440 === 0 && task.dueAt) {
      const [h, m] = timeOfDay(task.dueAt, tz);
      return { dueAt: atLocalTime(localDateOf(later, tz), h, m, tz) };
    }
    return { dueAt: later };
  }
  if (when.kind === 'hour') {
    // «لا خليه ٨» of a reminder at 7 pm: 8 pm that day (the half of the day it was set in)
    const base = task.dueAt ?? now;
    const [h] = timeOfDay(base, tz);
    return { dueAt: atLocalTime(localDateOf(base, tz), hourLike(when.hour, h), when.minute, tz) };
  }
  if (when.kind === 'at') {
    // «انقل مكالمة فيصل للساعة ١١» of a call due tomorrow: 11:00 tomorrow, not today
    const day = task.dueAt ? localDateOf(task.dueAt, tz) : undefined;
    if (when.timeOnly && day && day > localDateOf(now, tz)) {
      const [h, m] = timeOfDay(when.dueAt, tz);
      return { dueAt: atLocalTime(day, h, m, tz) };
    }
    return { dueAt: when.dueAt };
  }
  if (!task.dueAt) return { dueDate: when.date };
  const [h, m] = timeOfDay(task.dueAt, tz);
  return { dueAt: atLocalTime(when.date, h, m, tz) };
}

/** [hour, minute] of an instant in the zone. */
function timeOfDay(at: Date, tz: string): [number, number] {
  return new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(at)
    .split(':')
    .map(Number) as [number, number];
}

/** Moves the task and says to when; asks when, when the message said no time. */
export async function snoozeTask(ctx: TurnContext, member: Member, taskId: string, when: SnoozeWhen | undefined) {
  const scope = memberScope(member);
  const task = await ctx.core.tasks.get(scope, taskId);
  if (!task || task.status === 'done' || task.status === 'cancelled') {
    say(ctx, 'هذي المهمة منتهية، ما فيه شي أأجله.', 'That task is already closed; nothing to snooze.');
    return;
  }
  if (!when) {
    snoozeDialog.start(ctx, 'ask_when', { title: task.title, taskId });
    say(
      ctx,
      `لمتى أأجل «${task.title}»؟ مثلاً: لبكرة، ساعتين، الأحد ١٠ الصبح`,
      `Snooze "${task.title}" until when? e.g. tomorrow, 2 hours, Sunday 10am`,
    );
    return;
  }
  const to = snoozedTo(when, task, ctx.now, ctx.tz);
  const moved = await ctx.core.tasks.update(
    scope,
    taskId,
    'dueAt' in to ? { dueAt: to.dueAt, dueDate: null, remindContactId: ctx.contact.id } : { dueDate: to.dueDate },
  );
  if (!moved.ok) {
    if (moved.error.code === 'TASK.IN_PAST') {
      snoozeDialog.start(ctx, 'ask_when', { title: task.title, taskId });
      say(
        ctx,
        'هذا الوقت فات. لمتى أأجلها؟ مثلاً: بكرة الساعة ١٠ الصبح',
        'That time has passed. Until when? e.g. tomorrow at 10am',
      );
      return;
    }
    snoozeDialog.end(ctx);
    say(ctx, 'ما قدرت أأجل المهمة.', 'I could not snooze that task.');
    return;
  }
  snoozeDialog.end(ctx);
  if ('dueAt' in to) {
    say(
      ctx,
      `⏰ أجلتها: بذكرك ${formatDateTime(to.dueAt, 'ar', ctx.tz)} — ${task.title}`,
      `⏰ Snoozed: I will remind you ${formatDateTime(to.dueAt, 'en', ctx.tz)} — ${task.title}`,
    );
  } else {
    const day = atLocalTime(to.dueDate, 12, 0, ctx.tz);
    say(
      ctx,
      `📌 أجلتها ليوم ${formatDay(day, 'ar', ctx.tz)} — ${task.title}`,
      `📌 Moved to ${formatDay(day, 'en', ctx.tz)} — ${task.title}`,
    );
  }
}

async function openTasks(ctx: TurnContext, member: Member): Promise<OpenTask[]> {
  return ctx.core.tasks.list(memberScope(member), [member.userId]);
}

/** Which task the snooze is about; false when it is not the tasks' to answer (a viewing, nothing named). */
async function targetOf(ctx: TurnContext, member: Member, ask: SnoozeAsk): Promise<string | 'asked' | false> {
  const { target, taskWord } = ask;
  if (target.kind === 'ref') {
    // a number of the last list: only a task list (after «مواعيدي» it is a viewing's number)
    const list = ctx.state.list;
    if (list && list.kind !== 'task' && !taskWord) return false;
    if (!list && !taskWord) return false;
    const ids = list?.kind === 'task' ? list.ids : (await openTasks(ctx, member)).map((x) => x.id);
    const id = ids[target.n - 1];
    if (id) return id;
    say(
      ctx,
      `ما عندي مهمة رقم ${formatNumber(target.n, 'ar')}. اكتب «مهامي» لعرضها.`,
      `There is no task ${target.n}. Write "my tasks" to see them.`,
    );
    return 'asked';
  }
  if (target.kind === 'name') {
    if (!taskWord) return false;
    const found = byWords(await openTasks(ctx, member), target.words);
    if (found.length === 1) return found[0]!.id;
    return pick(ctx, found.length ? found : await openTasks(ctx, member));
  }
  // «لا خليه ٨» right after «ذكرني …»: the task just set
  // «خليها ٦» right after booking a viewing is the viewing's (viewings.manage.ts correctJustBooked)
  if (justBookedAppointment(ctx.state, ctx.now)) return false;
  const justSet = justSetTask(ctx.state.lastTask, ctx.now);
  if (justSet) return justSet;
  const reminded = await remindedTask(ctx, member);
  if (reminded === 'viewing' && !taskWord) return false;
  if (reminded && reminded !== 'viewing') return reminded;
  if (!taskWord) return false;
  return pick(ctx, await openTasks(ctx, member));
}

/** Shows the open tasks to choose from: «أجل المهمة ٢ لبكرة». */
function pick(ctx: TurnContext, tasks: OpenTask[]): 'asked' {
  if (tasks.length === 0) {
    say(ctx, 'ما عندك مهام مفتوحة 👌', 'You have no open tasks 👌');
    return 'asked';
  }
  ctx.state.list = { kind: 'task', ids: tasks.map((x) => x.id) };
  ctx.reply(
    [
      t(ctx.lang, 'أي مهمة أأجل؟ اكتب مثلاً: أجل المهمة ٢ لبكرة', 'Which task? Write e.g.: snooze task 2 to tomorrow'),
      ...tasks.map((task, i) => `${nth(ctx, i)}. ${task.title}`),
    ].join('\n'),
  );
  return 'asked';
}

/** The tasks feature's words: a cancel or a snooze by words, or «تم» right after a task's reminder. */
export async function taskWords(ctx: TurnContext): Promise<boolean> {
  if (ctx.actor.kind !== 'member' || ctx.choice || !ctx.text) return false;
  if (await cancelTaskByWords(ctx)) return true;
  const member = ctx.actor.member;
  const ask = readSnooze(ctx.text, ctx.parsed);
  if (ask) {
    if (!memberCan(member, 'tasks', 'edit')) return false;
    const target = await targetOf(ctx, member, ask);
    if (target === false) return false;
    if (target !== 'asked') await snoozeTask(ctx, member, target, ask.when);
    return true;
  }
  if (saysDoneIt(ctx.text) && memberCan(member, 'tasks', 'edit')) {
    const reminded = await remindedTask(ctx, member);
    if (!reminded || reminded === 'viewing') return false;
    // a task already closed (done in the list meanwhile): «تم» is no news, the usual answers take it
    const task = await ctx.core.tasks.get(memberScope(member), reminded);
    if (!task || task.status === 'done' || task.status === 'cancelled') return false;
    const done = await ctx.core.tasks.complete(memberScope(member), reminded);
    if (!done.ok) return false;
    sayDone(ctx, done.value);
    return true;
  }
  return false;
}

/** «لمتى أأجلها؟»: the answer is a time («لبكرة», «ساعتين», "Sunday 10am") that moves the task. */
export const snoozeDialog = defineDialog({
  name: 'task_snooze',
  version: 1,
  steps: ['ask_when'],
  schema: z.object({ taskId: z.string(), title: z.string() }),
  about: (data) => ({ ar: `تأجل «${data.title}»`, en: `snoozing "${data.title}"` }),
  accepts: (ctx) => snoozeWhen(ctx.text, ctx.parsed) !== undefined,
  async handle(ctx, { data }) {
    if (ctx.actor.kind !== 'member' || !memberCan(ctx.actor.member, 'tasks', 'edit')) {
      snoozeDialog.end(ctx);
      return false;
    }
    const when = snoozeWhen(ctx.text, ctx.parsed);
    if (!when) {
      say(
        ctx,
        'ما فهمت الوقت. اكتبه مثل: لبكرة، ساعتين، الأحد ١٠ الصبح',
        'I did not get the time. Write it like: tomorrow, 2 hours, Sunday 10am',
      );
      return true;
    }
    await snoozeTask(ctx, ctx.actor.member, data.taskId, when);
    return true;
  },
});
