// A repeating reminder over the real database: each firing writes one reminder to the broker's chat and
// arms the next at the task's own hour (daily from its first time, whatever the firing's delay); «تم»
// is done for this time; cancelling the task stops it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReminderFirer } from '../../bot/jobs/reminders.job.ts';
import { createInlineJobQueue } from '../../core/jobs/inline.queue.ts';
import { createRemindersService } from '../../core/notifications/reminders.service.ts';
import { ManualClock } from '../../core/shared/clock.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { unwrap } from '../../core/shared/result.ts';
import type { Scope } from '../../core/shared/scope.ts';
import { createTasksService } from '../../core/tasks/tasks.service.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let t: TestDatabase;
let broker: Scope;
let contactId: string;
const clock = new ManualClock('2026-12-15T04:00:00Z'); // 07:00 in Riyadh
let tasks: ReturnType<typeof createTasksService>;
let firer: ReturnType<typeof createReminderFirer>;

const reminderOf = (taskId: string) => t.db.reminder.findUniqueOrThrow({ where: { dedupeKey: `task:${taskId}` } });
const sentTexts = async () =>
  (await t.db.outboundMessage.findMany({ where: { contactId }, orderBy: { createdAt: 'asc' } })).map(
    (o) => (o.payload as { text: string }).text,
  );
const riyadh = (iso: string) => new Date(`${iso}+03:00`);

beforeAll(async () => {
  t = await createTestDatabase();
  const org = await t.db.organization.create({ data: { name: 'r', slug: 'task-repeat', timeZone: 'Asia/Riyadh' } });
  const user = await t.db.user.create({ data: { organizationId: org.id, phone: '+966500000041', name: 'سعد' } });
  broker = { organizationId: org.id, userId: user.id, role: 'broker' };
  const account = await t.db.channelAccount.create({
    data: { organizationId: org.id, kind: 'memory', externalId: 'task-repeat' },
  });
  contactId = (
    await t.db.contact.create({
      data: {
        organizationId: org.id,
        channelAccountId: account.id,
        externalId: '966500000041',
        userId: user.id,
        language: 'ar',
      },
    })
  ).id;
  const jobs = createInlineJobQueue({}, clock);
  tasks = createTasksService({ db: t.db, clock, reminders: createRemindersService({ db: t.db, jobs, clock }) });
  firer = createReminderFirer({ db: t.db, clock, jobs, logger: silentLogger });
});
afterAll(async () => {
  await t?.drop();
});

describe('a daily reminder', () => {
  it('fires at its time, then comes the next day at the same hour, even after a late firing', async () => {
    const { id } = unwrap(
      await tasks.create(broker, {
        title: 'اراجع العروض',
        dueAt: riyadh('2026-12-15T09:00:00'),
        remindContactId: contactId,
        repeat: 'daily',
      }),
    );
    clock.set(riyadh('2026-12-15T09:00:10'));
    await firer.fire((await reminderOf(id)).id);
    expect(await sentTexts()).toEqual(['⏰ تذكير: اراجع العروض (كل يوم)']);
    expect((await t.db.task.findUniqueOrThrow({ where: { id } })).dueAt).toEqual(riyadh('2026-12-16T09:00:00'));
    expect(await reminderOf(id)).toMatchObject({ status: 'pending', dueAt: riyadh('2026-12-16T09:00:00') });

    // the same reminder taken twice (a duplicate job) writes nothing more
    await firer.fire((await reminderOf(id)).id);
    expect(await sentTexts()).toHaveLength(1);

    clock.set(riyadh('2026-12-16T11:30:00')); // fired late (an outage): the next is still 09:00
    await firer.fire((await reminderOf(id)).id);
    expect(await sentTexts()).toHaveLength(2);
    expect(await reminderOf(id)).toMatchObject({ status: 'pending', dueAt: riyadh('2026-12-17T09:00:00') });
  });

  it('is done for this time on «تم», and stops when cancelled', async () => {
    const { id } = unwrap(
      await tasks.create(broker, {
        title: 'اتصل بالعملاء',
        dueAt: riyadh('2026-12-16T12:00:00'),
        remindContactId: contactId,
        repeat: 'daily',
      }),
    );
    clock.set(riyadh('2026-12-16T12:00:05'));
    await firer.fire((await reminderOf(id)).id);
    const done = unwrap(await tasks.complete(broker, id));
    expect(done.repeats).toEqual({ repeat: 'daily', next: riyadh('2026-12-17T12:00:00') });
    expect((await t.db.task.findUniqueOrThrow({ where: { id } })).status).toBe('todo');
    expect((await reminderOf(id)).status).toBe('pending');

    unwrap(await tasks.update(broker, id, { status: 'cancelled' }));
    expect((await reminderOf(id)).status).toBe('cancelled');
    clock.set(riyadh('2026-12-17T12:00:05'));
    const before = (await sentTexts()).length;
    await firer.fire((await reminderOf(id)).id);
    expect(await sentTexts()).toHaveLength(before);
  });

  it('needs a time to repeat from', async () => {
    const refused = await tasks.create(broker, { title: 'x', dueDate: '2026-12-20', repeat: 'weekly' });
    expect(!refused.ok && refused.error).toMatchObject({ code: 'TASK.INVALID_INPUT', details: { field: 'repeat' } });
  });
});
