// Tasks and reminders: task.create ("ذكرني أتصل بخالد بكرة ٤ العصر" reminds at 16:00 in chat),
// task.list (today, a date, a period, overdue) and task.complete (by number or by name).

import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { atLocalTime } from '../../../core/shared/local-time.ts';
import { dayRange, localDate, periodRange } from '../../../core/shared/periods.ts';
import { truncateGraphemes } from '../../../core/shared/sanitize.ts';
import { memberScope } from '../../../core/shared/scope.ts';
import { REPEATS } from '../../../core/tasks/repeat.ts';
import type { Member } from '../../../core/teams/teams.service.ts';
import type { TurnContext } from '../../engine/context.ts';
import { defineDialog } from '../../engine/dialog.ts';
import { normalizeArabic, type ParseResult, parse, textWithout } from '../../language/index.ts';
import { formatDateTime, formatDay, formatNumber, formatTime } from '../../render/format.ts';
import { repeatLabel } from '../../render/repeat.ts';
import { t } from '../../render/texts.ts';
import { findCustomers } from '../customers/customers.handlers.ts';
import { type Handler, nth, requireMember, say } from '../shared/helpers.ts';
import { shiftOf } from '../viewings/viewings.parse.ts';
import { recentCustomer, titleWithReferent } from './referent.ts';
import { firstTime, readRepeat, type SaidRepeat, withoutRepeat } from './tasks.repeat.ts';

const TRIGGER =
  /^\s*((?:حط|حطي|ضيف|ضيفي|اضف|أضف|سجل|سجلي|add|set)\s+(?:لي\s+|me\s+)?(?:(?:a|an)\s+)?(?:مهم[ةه]|تذكير|task|reminder)(?:\s+جديد[ةه]?)?\s*[:：]?|ذكرني|ذكّرني|ذكريني|فكرني|فكريني|نبهني|نبهيني|مهم[ةه]\s*[:：]?|تذكير\s*[:：]?|remind me( to(?=\s|$))?|reminder\s*[:：]?|task\s*[:：]?|todo\s*[:：]?)\s*/iu;

/**
 * The task's title: the message without its trigger ("ذكرني", "مهمة:", "remind me to") or the time the
 * parser read in it (its datetime spans: the time is the due time, not part of the title).
 */
/** «كلمت خالد وما رد، ذكرني اكلمه بكرة»: the trigger after what happened; the to-do is what follows it. */
const LATER_TRIGGER = /[,،.]\s*(?:و\s*)?(?=(?:ذكرني|ذكّرني|فكرني|نبهني|remind me)(?:\s|$))/iu;

export function taskTitle(text: string, parsed: Pick<ParseResult, 'spans'> | undefined): string {
  const later = text.match(LATER_TRIGGER);
  if (later?.index !== undefined) {
    const from = later.index + later[0].length;
    const spans = (parsed?.spans ?? [])
      .filter((sp) => sp.start >= from)
      .map((sp) => ({ ...sp, start: sp.start - from, end: sp.end - from }));
    return taskTitle(text.slice(from), { spans });
  }
  const withoutTrigger = stripTimeWords(withoutSetter(text.replace(TRIGGER, '').trim()));
  const title = stripTimeWords(
    withoutSetter(
      textWithout(text, parsed?.spans ?? [], ['datetime'])
        .replace(TRIGGER, '')
        .replace(/^[\s,،:]+|[\s,،:]+$/gu, ''),
    ),
  );
  return truncateGraphemes(title || withoutTrigger, 300);
}

/** «حط له متابعة», «سجل لي اتصال», "set a follow-up": the verb that sets the to-do, before what is to do. */
const SETTER =
  /^\s*(?:حط|حطي|ضيف|ضيفي|اضف|أضف|سجل|سجلي|سوي|سو|اعمل|رتب|جدول|set|add|schedule|create)\s+(?:لي\s+|me\s+)?(?:(له|لها)\s+)?(?:(?:a|an)\s+)?(?=(?:ال)?(?:متابع|اتصال|مكالم|زيار|follow|call|visit))/iu;

/** The to-do without its setting verb; «له/لها» become «معه/معها» after it, for the customer's name. */
function withoutSetter(title: string): string {
  const m = title.match(SETTER);
  if (!m) return title;
  const rest = title.slice(m[0].length).trim();
  return m[1] ? `${rest} ${m[1] === 'له' ? 'معه' : 'معها'}` : rest;
}

/**
 * Words of time a date reader leaves at the edges of a title («ونص اتابع مع البنك», «الخميس الجاي»):
 * the time is the task's due time, never part of its title.
 */
const TIME_WORDS = new Set(
  (
    'ونص|نص|وربع|ربع|الا|إلا|وثلث|ثلث|الساعة|الساعه|ساعة|الصبح|صباحا|صباحاً|الصباح|الظهر|ظهرا|العصر|عصرا|المغرب|' +
    'المسا|مساء|مساءً|المساء|العشا|العشاء|بالليل|الليل|الفجر|اليوم|بكرة|بكره|غدا|غداً|بعد|عقب|بكرا|الجاي|الجايه|الجاية|القادم|' +
    'القادمة|هذا|هالاسبوع|الاسبوع|الأسبوع|يوم|الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الاربعاء|الأربعاء|الخميس|الجمعة|الجمعه|' +
    "السبت|today|tomorrow|tonight|at|on|next|this|morning|evening|afternoon|night|pm|am|o'clock|monday|tuesday|" +
    'wednesday|thursday|friday|saturday|sunday|و'
  ).split('|'),
);

export function stripTimeWords(title: string): string {
  const words = title.split(/\s+/).filter(Boolean);
  const isTimeWord = (w: string | undefined) =>
    w !== undefined &&
    (TIME_WORDS.has(w.toLowerCase().replace(/[,،.:]+$/u, '')) || /^[\d٠-٩]{1,2}([:.][\d٠-٩]{2})?(am|pm)$/iu.test(w));
  const isNumber = (w: string | undefined) => w !== undefined && /^[\d٠-٩:.]+$/u.test(w);
  // A number goes with the time word beside it («الساعة ٤», «٤ العصر»); alone it belongs to the
  // title («أرسل الملف ٣»).
  for (;;) {
    if (isTimeWord(words[0])) words.shift();
    else if (isNumber(words[0]) && isTimeWord(words[1])) words.splice(0, 2);
    else break;
  }
  for (;;) {
    const n = words.length;
    if (isTimeWord(words[n - 1])) words.pop();
    else if (isNumber(words[n - 1]) && isTimeWord(words[n - 2])) words.splice(n - 2, 2);
    else break;
  }
  return words.join(' ').replace(/^[\s,،:]+|[\s,،:]+$/gu, '');
}

function whenOf(_ctx: TurnContext, entities: { datetime?: string; date?: string }) {
  if (entities.datetime) return { dueAt: new Date(entities.datetime) };
  if (entities.date) return { dueDate: entities.date };
  return undefined;
}

async function commitTask(
  ctx: TurnContext,
  member: Member,
  given: string,
  said: { dueAt?: Date; dueDate?: string },
  customerName?: string,
  repeat?: SaidRepeat,
) {
  // a repeat starts at its first time to come (on the weekday named, never in the past)
  const when = repeat && said.dueAt ? { dueAt: firstTime(said.dueAt, repeat, ctx.now, ctx.tz) } : said;
  let title = given;
  let customerId: string | undefined;
  let linkedName = customerName;
  if (customerName) {
    const found = await findCustomers(ctx, member, customerName);
    if (found.length === 1) customerId = found[0]!.id;
    // "called khalid no answer, remind me to try him again": «him» in the title is the one named
    const named = titleWithReferent(title, found.length === 1 ? found[0]!.name : customerName);
    if (named) title = truncateGraphemes(named, 300);
  } else {
    // «اتصل عليه» right after a customer was added or opened: him (referent.ts)
    const recent = recentCustomer(ctx.state.lastCustomer, ctx.now);
    const named = recent ? titleWithReferent(title, recent.name) : null;
    if (recent && named) {
      title = truncateGraphemes(named, 300);
      customerId = recent.id;
      linkedName = recent.name;
    }
  }
  const created = await ctx.core.tasks.create(memberScope(member), {
    title,
    dueAt: when.dueAt,
    dueDate: when.dueDate,
    customerId,
    remindContactId: when.dueAt ? ctx.contact.id : undefined,
    repeat: when.dueAt ? repeat?.repeat : undefined,
  });
  if (!created.ok) {
    if (created.error.code === 'TASK.IN_PAST') {
      taskDialog.start(ctx, 'ask_when', { title, customerName: linkedName });
      say(
        ctx,
        'هذا الوقت فات. متى أذكرك؟ مثلاً: بكرة الساعة ١٠ الصبح',
        'That time has passed. When should I remind you? e.g. tomorrow at 10am',
      );
      return;
    }
    taskDialog.end(ctx);
    say(
      ctx,
      'ما قدرت أضيف المهمة. اكتبها مع وقتها، مثل: ذكرني أتصل بخالد بكرة ٤ العصر',
      'I could not add that task. Try: remind me to call Ahmed tomorrow at 4pm',
    );
    return;
  }
  taskDialog.end(ctx);
  ctx.state.lastTask = { id: created.value.id, at: ctx.now.toISOString() };
  const again = when.dueAt ? repeatLabel(ctx.lang, repeat?.repeat, { at: when.dueAt, tz: ctx.tz }) : undefined;
  if (when.dueAt && again) {
    say(
      ctx,
      `🔁 تم! بذكرك ${again} الساعة ${formatTime(when.dueAt, 'ar', ctx.tz)}، أولها ${formatDateTime(when.dueAt, 'ar', ctx.tz)}: ${title}\nلإيقافه اكتب «الغ التذكير».`,
      `🔁 Done! I will remind you ${again} at ${formatTime(when.dueAt, 'en', ctx.tz)}, first ${formatDateTime(when.dueAt, 'en', ctx.tz)}: ${title}\nTo stop it, write "cancel the reminder".`,
    );
  } else if (when.dueAt) {
    say(
      ctx,
      `⏰ تم! بذكرك ${formatDateTime(when.dueAt, 'ar', ctx.tz)}: ${title}`,
      `⏰ Done! I will remind you ${formatDateTime(when.dueAt, 'en', ctx.tz)}: ${title}`,
    );
  } else {
    const day = dayRange(when.dueDate!, ctx.tz).from;
    say(
      ctx,
      `📌 أضفت المهمة ليوم ${formatDay(day, 'ar', ctx.tz)}: ${title}`,
      `📌 Task added for ${formatDay(day, 'en', ctx.tz)}: ${title}`,
    );
  }
}

export const createTask: Handler = async (ctx) => {
  const member = requireMember(ctx, 'tasks', 'create');
  if (!member) return;
  const e = ctx.parsed?.entities ?? {};
  const repeat = readRepeat(ctx.text);
  const title = repeat
    ? stripTimeWords(
        taskTitle(withoutRepeat(ctx.text), ctx.parsed)
          .replace(/\s+/g, ' ')
          .trim()
          .replace(/^to\s+/i, ''),
      )
    : taskTitle(ctx.text, ctx.parsed);
  const when = whenOf(ctx, e);
  if (!title && when) {
    // «ذكرني الخميس الجاي»: a time with nothing to do asks what, and keeps the time
    askWhat(ctx, when, e.name, repeat);
    return;
  }
  if (!when && !repeat && (await remindBeforeViewing(ctx, member, e.name))) return;
  // a repeat comes at a time of day: «كل يوم» alone, or with a day and no hour, asks it
  if (!when || (repeat && !when.dueAt)) {
    taskDialog.start(ctx, 'ask_when', { title, customerName: e.name, dueDate: when?.dueDate, ...repeat });
    say(
      ctx,
      repeat ? 'الساعة كم أذكرك؟ مثلاً: الساعة ٨ الصبح' : 'متى أذكرك؟ مثلاً: بكرة الساعة ٤ العصر، أو بعد ساعتين',
      repeat ? 'At what time? e.g. 8am' : 'When should I remind you? e.g. tomorrow at 4pm, or in 2 hours',
    );
    return;
  }
  await commitTask(ctx, member, title, when, e.name, repeat);
};

/** A time with nothing to do: asks what, and keeps the time (and the customer named) for the answer. */
function askWhat(
  ctx: TurnContext,
  when: { dueAt?: Date; dueDate?: string },
  customerName?: string,
  repeat?: SaidRepeat,
) {
  taskDialog.start(ctx, 'ask_what', {
    title: '',
    customerName,
    dueAt: when.dueAt?.toISOString(),
    dueDate: when.dueDate,
    ...repeat,
  });
  say(ctx, 'وش أذكرك فيه؟', 'What should I remind you about?');
}

/** «قبل الموعد», «قبل المعاينة», "before the viewing": a reminder set by a viewing's time. */
const BEFORE_VIEWING =
  /(^|\s)قبل\s+(ال)?(موعد|معاينه|معاينة|المعاينه|المعاينة|الموعد)|\bbefore\s+(the|my|our|his|her)?\s*(viewing|appointment|showing)\b/iu;

/**
 * «ذكرني قبل الموعد بنص ساعة», "remind me an hour before the viewing": a reminder that long before the
 * next viewing (the named customer's, else the customer of the chat, else the broker's next). False when
 * the message is not one or there is no such viewing (then it is asked when, as any reminder).
 */
async function remindBeforeViewing(ctx: TurnContext, member: Member, name: string | undefined): Promise<boolean> {
  if (!BEFORE_VIEWING.test(normalizeArabic(ctx.text))) return false;
  const span = Math.abs(shiftOf(ctx.text) ?? 0);
  if (!span) return false;
  const upcoming = await ctx.core.appointments.list(memberScope(member), { userIds: [member.userId] });
  const recent = name ? undefined : recentCustomer(ctx.state.lastCustomer, ctx.now);
  const whose = (a: (typeof upcoming)[number]) =>
    name ? Boolean(a.customer?.name.includes(name)) : recent ? a.customerId === recent.id : true;
  const next = upcoming
    .filter((a) => a.startsAt.getTime() - span * 60_000 > ctx.now.getTime() && whose(a))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
  if (!next) return false;
  const who = next.customer?.name;
  const ref = next.property?.refNumber;
  const title = t(
    ctx.lang,
    `معاينة${who ? ` مع ${who}` : ''}${ref ? ` (العقار ${formatNumber(ref, 'ar')})` : ''} ${formatDateTime(next.startsAt, 'ar', ctx.tz)}`,
    `viewing${who ? ` with ${who}` : ''}${ref ? ` (property #${ref})` : ''} ${formatDateTime(next.startsAt, 'en', ctx.tz)}`,
  );
  await commitTask(ctx, member, title, { dueAt: new Date(next.startsAt.getTime() - span * 60_000) }, who);
  return true;
}

/** A to-do's opening verb («اتصل», «كلم», «ارسل», «راجع», "call", "send"): what to be reminded of. */
const TODO_VERB =
  /^\s*(اتصل|اكلم|كلم|ارسل|راجع|اراجع|تابع|اتابع|ادفع|جدد|اجدد|زور|ازور|call|phone|send|check|review|follow up|pay|renew|visit)(\s|$)/iu;
const startsWithTodo = (text: string) => TODO_VERB.test(normalizeArabic(text));

/** A task without a time: asks when to remind, then adds it. */
export const taskDialog = defineDialog({
  name: 'task',
  version: 1,
  steps: ['ask_when', 'ask_what'],
  schema: z.object({
    title: z.string(),
    customerName: z.string().optional(),
    /** ask_what: the time already given */
    dueAt: z.string().optional(),
    dueDate: z.string().optional(),
    /** a repeating reminder («كل يوم», «كل خميس»): its period and weekday (tasks.repeat.ts) */
    repeat: z.enum(REPEATS).optional(),
    weekday: z.number().int().min(0).max(6).optional(),
  }),
  about: (data) =>
    data.title
      ? { ar: `تسجل تذكير «${data.title}»`, en: `setting the reminder "${data.title}"` }
      : { ar: 'تسجل تذكير', en: 'setting a reminder' },
  // «وش أذكرك فيه؟» answered «اتصل بالعملاء الجدد»: a to-do, whatever command its other words make
  accepts: (ctx, { step }) => (step === 'ask_what' && startsWithTodo(ctx.text) ? true : undefined),
  async handle(ctx, { step, data }) {
    if (ctx.actor.kind !== 'member') {
      taskDialog.end(ctx);
      return false;
    }
    if (step === 'ask_what') {
      // another confident command lets the question go; anything else is what to be reminded of
      const intent = ctx.parsed?.intent;
      const command =
        intent && intent !== 'unknown' && intent !== 'task.create' && (ctx.parsed?.confidence ?? 0) >= 0.8;
      if (command && !startsWithTodo(ctx.text)) {
        taskDialog.end(ctx);
        return false;
      }
      const title = taskTitle(ctx.text, ctx.parsed);
      if (!title) {
        say(ctx, 'اكتب وش المهمة، مثل: اتصل على فهد', 'Write what the task is, e.g. call Fahad');
        return true;
      }
      const when = { dueAt: data.dueAt ? new Date(data.dueAt) : undefined, dueDate: data.dueDate };
      await commitTask(
        ctx,
        ctx.actor.member,
        title,
        when,
        data.customerName ?? ctx.parsed?.entities.name,
        repeatOf(data),
      );
      return true;
    }
    // The reply is read as a time on its own ("بكرة ١٠ الصبح"), whatever intent the parser gives it.
    const e = ctx.parsed?.entities ?? parse(ctx.text, { now: ctx.now, tz: ctx.tz }).entities;
    const when = whenOf(ctx, e);
    if (!when) {
      say(
        ctx,
        'ما فهمت الوقت. اكتبه مثل: بكرة الساعة ٤ العصر، الأحد ١٠ الصبح، بعد ساعة',
        'I did not get the time. Write it like: tomorrow at 4pm, Sunday 10am, in 1 hour',
      );
      return true;
    }
    // «ذكرني» alone, then «بكرة ٥ العصر»: now what to be reminded of (the time is kept); the answer
    // may carry it too («بكرة ٥ اتصل على فهد»)
    const title = data.title || taskTitle(ctx.text, ctx.parsed);
    if (!title) {
      askWhat(ctx, when, data.customerName, repeatOf(data));
      return true;
    }
    if (data.repeat && !when.dueAt) {
      say(ctx, 'اكتب الساعة، مثل: الساعة ٨ الصبح', 'Write the time of day, e.g. 8am');
      return true;
    }
    // «كل شهر يوم ١» then «١٠ الصبح»: the day said first, at the hour answered
    const at = data.repeat && data.dueDate && when.dueAt ? { dueAt: onDay(data.dueDate, when.dueAt, ctx.tz) } : when;
    await commitTask(ctx, ctx.actor.member, title, at, data.customerName, repeatOf(data));
    return true;
  },
});

async function openTasks(ctx: TurnContext, member: Member) {
  const e = ctx.parsed?.entities ?? {};
  const today = localDate(ctx.now, ctx.tz);
  if (/متأخر|متاخر|فاتتني|فاتني|overdue|late/i.test(ctx.text))
    return {
      label: t(ctx.lang, 'المهام المتأخرة', 'Overdue tasks'),
      tasks: await ctx.core.tasks.list(memberScope(member), member.visibleUserIds === 'all' ? 'all' : [member.userId], {
        overdue: true,
        localDay: today,
      }),
    };
  const mine = [member.userId];
  if (e.date) {
    return {
      label: t(
        ctx.lang,
        `مهام ${formatDay(dayRange(e.date, ctx.tz).from, 'ar', ctx.tz)}`,
        `Tasks for ${formatDay(dayRange(e.date, ctx.tz).from, 'en', ctx.tz)}`,
      ),
      tasks: await ctx.core.tasks.list(memberScope(member), mine, {
        range: dayRange(e.date, ctx.tz),
        localDay: e.date,
      }),
    };
  }
  if (e.period === 'this_week' || e.period === 'next_week') {
    return {
      label: t(ctx.lang, 'مهام الأسبوع', "This week's tasks"),
      tasks: await ctx.core.tasks.list(memberScope(member), mine, { range: periodRange(e.period, ctx.now, ctx.tz) }),
    };
  }
  return {
    label: t(ctx.lang, 'مهامك المفتوحة', 'Your open tasks'),
    tasks: await ctx.core.tasks.list(memberScope(member), mine),
  };
}

export const listTasks: Handler = async (ctx) => {
  const member = requireMember(ctx, 'tasks', 'view');
  if (!member) return;
  const { label, tasks } = await openTasks(ctx, member);
  if (tasks.length === 0) {
    say(ctx, `${label}: ما فيه شي 👌`, `${label}: nothing 👌`);
    return;
  }
  ctx.state.list = { kind: 'task', ids: tasks.map((x) => x.id) };
  const lines = tasks.map((task, i) => {
    const when = task.dueAt
      ? ` — ${formatDateTime(task.dueAt, ctx.lang, ctx.tz)}`
      : task.dueDate
        ? ` — ${formatDay(task.dueDate, ctx.lang, 'UTC')}`
        : '';
    return `${nth(ctx, i)}. ${task.title}${when}`;
  });
  ctx.reply(
    [`${label}:`, ...lines, t(ctx.lang, 'لإنهاء مهمة اكتب: خلصت مهمة ١', 'To finish one: done with task 1')].join('\n'),
  );
};

/** A task done by calling: «تم الاتصال», «اتصلت», «كلمته», "called" (not a bare «تم»). */
const CALLED = /الاتصال|اتصلت|كلمت|كلمته|كلمتها|تواصلت|\bcalled\b|\bspoke\b/iu;

async function complete(ctx: TurnContext, member: Member, taskId: string) {
  const done = await ctx.core.tasks.complete(memberScope(member), taskId);
  if (!done.ok) {
    say(ctx, 'ما لقيت المهمة.', 'Task not found.');
    return;
  }
  sayDone(ctx, done.value);
}

/** «تم»: done; a repeating one is done for this time and says when it comes again. */
export function sayDone(ctx: TurnContext, done: { title: string; repeats?: { repeat: string; next: Date | null } }) {
  const next = done.repeats?.next;
  if (next && next.getTime() > ctx.now.getTime()) {
    say(
      ctx,
      `✅ أحسنت! أنهيت: ${done.title}\n🔁 وبذكرك فيها مرة ثانية ${formatDateTime(next, 'ar', ctx.tz)}.`,
      `✅ Well done! Completed: ${done.title}\n🔁 I will remind you again ${formatDateTime(next, 'en', ctx.tz)}.`,
    );
    return;
  }
  say(ctx, `✅ أحسنت! أنهيت: ${done.title}`, `✅ Well done! Completed: ${done.title}`);
}

export const completeTask: Handler = async (ctx) => {
  const member = requireMember(ctx, 'tasks', 'edit');
  if (!member) return;
  const e = ctx.parsed?.entities ?? {};
  if (e.ref) {
    // "خلصت مهمة ٢" refers to the list last shown; without one, to the open tasks in list order.
    const ids =
      ctx.state.list?.kind === 'task'
        ? ctx.state.list.ids
        : (await ctx.core.tasks.list(memberScope(member), [member.userId])).map((x) => x.id);
    const id = ids[e.ref - 1];
    if (!id) {
      say(
        ctx,
        `ما عندي مهمة رقم ${formatNumber(e.ref, 'ar')}. اكتب «مهامي» لعرضها.`,
        `There is no task ${e.ref}. Write "my tasks" to see them.`,
      );
      return;
    }
    await complete(ctx, member, id);
    return;
  }
  const open = await ctx.core.tasks.list(memberScope(member), [member.userId]);
  const words = (e.name ?? ctx.text).replace(/^(تم|خلصت|انتهيت من|done( with)?|finished)\s*/iu, '').trim();
  let matches = open.filter(
    (task) =>
      (e.name && task.customer?.name.includes(e.name)) ||
      (words && task.title.includes(words)) ||
      (e.name && task.title.includes(e.name)),
  );
  if (matches.length === 0) {
    // «خلصت مهمة البنك»: the task whose title holds the subject's words
    const subject = subjectWords(ctx.text);
    if (subject.length) matches = open.filter((task) => subject.some((w) => foldAr(task.title).includes(w)));
  }
  if (matches.length === 1) {
    const task = matches[0]!;
    await complete(ctx, member, task.id);
    // «تم الاتصال بفهد», "called fahad, done": the call is logged on him too (a new lead becomes contacted)
    if (task.customerId && CALLED.test(ctx.text)) {
      await ctx.core.customers.logInteraction(memberScope(member), {
        customerId: task.customerId,
        type: 'call',
        summary: truncateGraphemes(ctx.text, 1_000),
        occurredAt: ctx.now,
      });
    }
    return;
  }
  const shown = matches.length ? matches : open;
  if (shown.length === 0) {
    say(ctx, 'ما عندك مهام مفتوحة 👌', 'You have no open tasks 👌');
    return;
  }
  ctx.state.list = { kind: 'task', ids: shown.map((x) => x.id) };
  ctx.reply(
    [
      t(ctx.lang, 'أي مهمة خلصت؟ اكتب: خلصت مهمة رقم', 'Which task? Write: done with task N'),
      ...shown.map((task, i) => `${nth(ctx, i)}. ${task.title}`),
    ].join('\n'),
  );
};

export async function selectTask(ctx: TurnContext, taskId: string) {
  if (ctx.actor.kind !== 'member') return;
  const task = await ctx.core.tasks.get(memberScope(ctx.actor.member), taskId);
  if (!task) return;
  const when = task.dueAt ? formatDateTime(task.dueAt, ctx.lang, ctx.tz) : '';
  say(
    ctx,
    `📌 ${task.title}${when ? `\n⏰ ${when}` : ''}\nلإنهائها اكتب: خلصت مهمة ${formatNumber((ctx.state.list?.ids.indexOf(taskId) ?? 0) + 1, 'ar')}`,
    `📌 ${task.title}${when ? `\n⏰ ${when}` : ''}\nTo finish it: done with task ${(ctx.state.list?.ids.indexOf(taskId) ?? 0) + 1}`,
  );
}

const foldAr = (x: string) => x.toLowerCase().replace(/[أإآ]/g, 'ا').replace(/ة/g, 'ه').replace(/ى/g, 'ي');

const COMPLETE_WORDS = new Set(
  'تم|خلصت|خلصنا|انتهيت|انجزت|أنجزت|من|مهمة|مهمه|المهمة|المهمه|task|the|done|with|finished|completed|اللي|حق|حقت|مع|على'.split(
    '|',
  ),
);

/** The content words of a «خلصت مهمة البنك» message: what names the task. */
function subjectWords(text: string): string[] {
  return foldAr(text)
    .split(/[\s,،.:!؟?]+/u)
    .filter((w) => w.length >= 3 && !COMPLETE_WORDS.has(w))
    .map((w) => w.replace(/^(ال|بال|وال)/u, ''))
    .filter((w) => w.length >= 2);
}

/** The repeat a task dialog keeps, as tasks.repeat.ts reads it. */
function repeatOf(data: { repeat?: SaidRepeat['repeat']; weekday?: number }): SaidRepeat | undefined {
  return data.repeat ? { repeat: data.repeat, weekday: data.weekday } : undefined;
}

/** That day at the time of day of `time`, in the zone. */
function onDay(day: string, time: Date, tz: string): Date {
  const local = new TZDate(time.getTime(), tz);
  return atLocalTime(day, local.getHours(), local.getMinutes(), tz);
}
