// The daily rhythm on the controllable clock, with TWO runtimes (workers) on one database and one queue:
// the morning digest arrives at 08:00 office time once per broker per day, not before, not on Friday,
// not after «وقف الملخص الصباحي»; quiet hours hold a match alert written at 23:00 until 08:00 while a
// reminder the user asked for fires at 23:00; a lead gone quiet is suggested once, with a one-tap task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../bot/engine/runtime.ts';
import { features } from '../../bot/features/index.ts';
import type { OutboundMessage } from '../../bot/types.ts';
import type { QueueBackend } from '../../core/jobs/bullmq.queue.ts';
import { silentLogger } from '../../core/shared/logger.ts';
import { LAYLA, SAAD, startTestNova, type TestNova } from '../support/nova.ts';

let nova: TestNova;
let second: Runtime;
let saadId: string;
let fahdId: string;
let nouraId: string;

const at = (local: string) => new Date(`${local}+03:00`);

/**
 * Both runtimes look for what is due (the sweep and the digest tick) at the same time, then settle;
 * what was sent is read from the database (digestsOf), not from the chat's replies.
 */
async function runDueOnBoth() {
  await Promise.all([nova.runtime.sweep.run(), second.sweep.run(), nova.runtime.digest.tick(), second.digest.tick()]);
  await nova.chat.runDue();
  await nova.chat.takeReplies();
}

const digestsOf = (date: string) =>
  nova.db.outboundMessage.findMany({
    where: { idempotencyKey: { startsWith: 'digest:', endsWith: `:${date}` } },
    orderBy: { seq: 'asc' },
  });
const textOf = (row: { payload: unknown }) => (row.payload as unknown as OutboundMessage).text;

beforeAll(async () => {
  nova = await startTestNova({ now: '2026-11-21T20:00:00+03:00' }); // Saturday evening in Riyadh
  const queue: QueueBackend =
    nova.queue === 'postgres'
      ? { kind: 'postgres', url: nova.databaseUrl }
      : { kind: 'redis', url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: nova.queuePrefix };
  second = createRuntime({
    features,
    databaseUrl: nova.databaseUrl,
    queue,
    logger: silentLogger,
    clock: nova.clock,
    dbPoolSize: 5,
  });
  await second.startWorkers();

  const users = await nova.db.user.findMany({ where: { organizationId: nova.organizationId } });
  saadId = users.find((u) => u.phone === SAAD)!.id;
  // Saad's day on Sunday 22 November: a viewing at 10:00, a task late since Saturday, a task for the day.
  const property = await nova.db.property.findFirstOrThrow({
    where: { organizationId: nova.organizationId, refNumber: 1 },
  });
  const client = await nova.db.customer.create({
    data: {
      organizationId: nova.organizationId,
      name: 'سلطان',
      assignedToId: saadId,
      createdAt: at('2026-11-21T12:00:00'),
    },
  });
  await nova.db.appointment.create({
    data: {
      organizationId: nova.organizationId,
      userId: saadId,
      customerId: client.id,
      propertyId: property.id,
      title: 'معاينة فيلا النرجس',
      startsAt: at('2026-11-22T10:00:00'),
      endsAt: at('2026-11-22T11:00:00'),
      durationMinutes: 60,
    },
  });
  await nova.db.task.createMany({
    data: [
      {
        organizationId: nova.organizationId,
        assignedToId: saadId,
        title: 'أرسل العقد لسلطان',
        dueAt: at('2026-11-21T12:00:00'),
      },
      {
        organizationId: nova.organizationId,
        assignedToId: saadId,
        title: 'جهز عرض السعر',
        dueDate: new Date('2026-11-22T00:00:00Z'),
      },
    ],
  });
  // Two of Saad's leads have gone quiet: nothing from them for three weeks.
  const quiet = { organizationId: nova.organizationId, assignedToId: saadId, status: 'contacted' as const };
  fahdId = (
    await nova.db.customer.create({
      data: { ...quiet, name: 'فهد', createdAt: at('2026-10-20T10:00:00'), lastContact: at('2026-11-01T10:00:00') },
    })
  ).id;
  nouraId = (
    await nova.db.customer.create({
      data: { ...quiet, name: 'نورة', createdAt: at('2026-10-25T10:00:00'), lastContact: at('2026-10-30T10:00:00') },
    })
  ).id;

  // Both brokers have a chat with Nova: Saad writes Arabic, Layla English.
  await nova.chat.say(SAAD, 'مرحبا');
  await nova.chat.say(LAYLA, 'hello');
  await nova.chat.takeReplies();
});

afterAll(async () => {
  await second?.close();
  await nova?.close();
});

describe('quiet hours', () => {
  it('hold a match alert written at 23:00 while a reminder the user asked for fires at 23:00', async () => {
    nova.clock.set('2026-11-21T22:50:00+03:00');
    const ack = await nova.chat.say(LAYLA, 'remind me in 10 minutes to call Ahmed');
    expect(ack[0]!.text).toContain('11:00 pm');

    nova.clock.set('2026-11-21T23:00:00+03:00');
    // A client's request of Saad fits the demo villa: the matching job tells Saad, Nova speaking first.
    const khalid = await nova.db.customer.create({
      data: { organizationId: nova.organizationId, name: 'خالد', assignedToId: saadId, createdAt: nova.clock.now() },
    });
    const request = await nova.db.request.create({
      data: {
        organizationId: nova.organizationId,
        customerId: khalid.id,
        type: 'sale',
        propertyTypes: ['villa'],
        category: 'residential',
        cities: ['Riyadh'],
        districts: ['النرجس'],
        priceMin: 2_000_000,
        priceMax: 2_500_000,
      },
    });
    await nova.runtime.jobs.enqueue('matching.run', { kind: 'request', id: request.id });
    await runDueOnBoth();

    const reminder = await nova.db.outboundMessage.findFirstOrThrow({
      where: { chatId: LAYLA, idempotencyKey: { startsWith: 'reminder:' } },
    });
    expect(textOf(reminder)).toBe('⏰ Reminder: call Ahmed');
    expect(reminder.status).toBe('sent');
    expect(reminder.sentAt).toEqual(at('2026-11-21T23:00:00'));

    const alert = await nova.db.outboundMessage.findFirstOrThrow({
      where: { chatId: SAAD, idempotencyKey: { startsWith: 'match:' } },
    });
    expect(textOf(alert)).toMatch(/^🎯/);
    expect(alert.status).toBe('pending');
    expect(alert.notBefore).toEqual(at('2026-11-22T08:00:00'));

    // Saad writing in the night is answered at once: the held alert holds up nothing behind it.
    const reply = await nova.chat.say(SAAD, 'مرحبا');
    expect(reply.length).toBeGreaterThan(0);
    expect((await nova.db.outboundMessage.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe('pending');

    nova.clock.set('2026-11-22T07:59:00+03:00');
    await runDueOnBoth();
    expect((await nova.db.outboundMessage.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe('pending');
    // not before 08:00: no digest yet
    expect(await digestsOf('2026-11-22')).toEqual([]);

    nova.clock.set('2026-11-22T08:00:00+03:00');
    await runDueOnBoth();
    const released = await nova.db.outboundMessage.findUniqueOrThrow({ where: { id: alert.id } });
    expect(released.status).toBe('sent');
    expect(released.sentAt).toEqual(at('2026-11-22T08:00:00'));
  });
});

describe('the morning digest', () => {
  it('arrives at 08:00 once per broker, from two workers, in each broker’s language', async () => {
    // (the clock is at 08:00 on Sunday and both runtimes have looked: see above)
    const digests = await digestsOf('2026-11-22');
    expect(digests.map((d) => d.chatId).sort()).toEqual([SAAD, LAYLA].sort());
    expect(digests.every((d) => d.status === 'sent')).toBe(true);

    // Both workers asked for Saad's digest again: neither writes a second one.
    const job = { organizationId: nova.organizationId, userId: saadId, date: '2026-11-22' };
    const outcomes = await Promise.all([nova.runtime.digest.broker(job), second.digest.broker(job)]);
    expect(outcomes).toEqual(['done_already', 'done_already']);
    nova.clock.set('2026-11-22T08:30:00+03:00');
    await runDueOnBoth();
    expect(await digestsOf('2026-11-22')).toHaveLength(2);

    const saad = textOf(digests.find((d) => d.chatId === SAAD)!);
    expect(saad).toContain('صباح الخير سعد');
    expect(saad).toContain('١٠:٠٠ ص — سلطان، العقار ١');
    expect(saad).toContain('أرسل العقد لسلطان');
    expect(saad).toContain('جهز عرض السعر');
    expect(saad).toContain('🎯');
    expect(saad).toContain('فهد');
    expect(saad).toContain('نورة');
    const choices = (digests.find((d) => d.chatId === SAAD)!.payload as unknown as OutboundMessage).choices;
    expect(choices?.map((c) => c.id)).toEqual([`quiet:${nouraId}`, `quiet:${fahdId}`]);

    const layla = textOf(digests.find((d) => d.chatId === LAYLA)!);
    expect(layla).toMatch(/^☀️ Good morning ليلى, your day \(Sunday 22 November\):/);
    expect(layla).toContain('⚠️ Overdue tasks (1):\n• call Ahmed (Saturday 21 November)');
    expect(layla).toContain('To stop this digest, write "stop the morning digest".');
  });

  it('turns a lead gone quiet into a follow-up task in one tap', async () => {
    nova.clock.set('2026-11-22T09:00:00+03:00');
    const reply = await nova.chat.say(SAAD, '📝 فهد', { kind: 'choice', choiceId: `quiet:${fahdId}` });
    expect(reply[0]!.text).toContain('أضفت مهمة لليوم: متابعة فهد');
    const task = await nova.db.task.findFirstOrThrow({ where: { customerId: fahdId } });
    expect(task).toMatchObject({ type: 'follow_up', assignedToId: saadId, status: 'todo' });
    expect(task.dueDate?.toISOString().slice(0, 10)).toBe('2026-11-22');
    // a second tap adds nothing
    const again = await nova.chat.say(SAAD, '📝 فهد', { kind: 'choice', choiceId: `quiet:${fahdId}` });
    expect(again[0]!.text).toContain('عندك مهمة مفتوحة');
    expect(await nova.db.task.count({ where: { customerId: fahdId } })).toBe(1);
  });

  it('is not sent on Friday, and comes back on Saturday without the leads already suggested', async () => {
    nova.clock.set('2026-11-27T08:00:00+03:00');
    await runDueOnBoth();
    expect(await digestsOf('2026-11-27')).toEqual([]);

    nova.clock.set('2026-11-28T08:00:00+03:00');
    await runDueOnBoth();
    const saturday = await digestsOf('2026-11-28');
    expect(saturday).toHaveLength(2);
    const saad = textOf(saturday.find((d) => d.chatId === SAAD)!);
    expect(saad).not.toContain('نورة'); // suggested once in this quiet spell
    // Fahd's follow-up, from the tap on Sunday, is late now
    expect(saad).toContain('📞 متابعات مستحقة (١):\n• فهد (متأخرة من الأحد ٢٢ نوفمبر)');
  });

  it('stops after «وقف الملخص الصباحي» and starts again after «شغل الملخص الصباحي»', async () => {
    nova.clock.set('2026-11-28T09:00:00+03:00');
    const stop = await nova.chat.say(SAAD, 'وقف الملخص الصباحي');
    expect(stop[0]!.text).toContain('وقفت الملخص الصباحي');

    nova.clock.set('2026-11-29T08:00:00+03:00');
    await runDueOnBoth();
    expect((await digestsOf('2026-11-29')).map((d) => d.chatId)).toEqual([LAYLA]);

    nova.clock.set('2026-11-29T09:00:00+03:00');
    const start = await nova.chat.say(SAAD, 'شغل الملخص الصباحي');
    expect(start[0]!.text).toContain('كل يوم الساعة ٨:٠٠ ص ما عدا الجمعة');

    nova.clock.set('2026-11-30T08:00:00+03:00');
    await runDueOnBoth();
    expect((await digestsOf('2026-11-30')).map((d) => d.chatId).sort()).toEqual([SAAD, LAYLA].sort());
  });
});
