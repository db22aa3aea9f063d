// Dialog expiry and damaged dialog state, through the whole engine on the controllable clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAAD, startTestNova, type TestNova } from '../support/nova.ts';

let nova: TestNova;
beforeAll(async () => {
  nova = await startTestNova({ now: '2026-11-22T09:30:00+03:00' });
});
afterAll(async () => {
  await nova?.close();
});

const tasksTitled = (title: string) => nova.db.task.count({ where: { title: { contains: title } } });

describe('dialogs end', () => {
  it('an answer within a day still completes the open question', async () => {
    expect((await nova.chat.say(SAAD, 'ذكرني أتصل بأبو فهد'))[0]!.text).toContain('متى أذكرك');
    const conversation = await nova.db.conversation.findFirstOrThrow({ where: { contact: { phone: SAAD } } });
    expect(conversation.expiresAt?.toISOString()).toBe('2026-11-23T06:30:00.000Z');
    nova.clock.set('2026-11-23T08:30:00+03:00'); // 23 hours later
    expect((await nova.chat.say(SAAD, 'بعد ساعتين'))[0]!.text).toContain('بذكرك');
    expect(await tasksTitled('أتصل بأبو فهد')).toBe(1);
    const after = await nova.db.conversation.findFirstOrThrow({ where: { contact: { phone: SAAD } } });
    expect(after.expiresAt).toBeNull();
  });

  it('a question left unanswered for more than a day is over: the next message is read afresh', async () => {
    nova.clock.set('2026-11-24T09:00:00+03:00');
    expect((await nova.chat.say(SAAD, 'ذكرني أرسل العرض لسلطان'))[0]!.text).toContain('متى أذكرك');
    nova.clock.set('2026-11-25T10:00:00+03:00'); // 25 hours later
    await nova.chat.say(SAAD, 'بعد ساعتين');
    expect(await tasksTitled('أرسل العرض لسلطان')).toBe(0);
    const conversation = await nova.db.conversation.findFirstOrThrow({ where: { contact: { phone: SAAD } } });
    expect((conversation.state as { dialog?: unknown }).dialog).toBeUndefined();
  });

  it('a stored dialog state that does not fit its schema is dropped, never misread', async () => {
    nova.clock.set('2026-11-26T09:00:00+03:00');
    await nova.chat.say(SAAD, 'مرحبا');
    const conversation = await nova.db.conversation.findFirstOrThrow({ where: { contact: { phone: SAAD } } });
    await nova.db.conversation.update({
      where: { id: conversation.id },
      data: { state: { dialog: { name: 'task', v: 1, step: 'ask_when', data: { title: 42 } } } },
    });
    const replies = await nova.chat.say(SAAD, 'بعد ساعتين');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).not.toContain('بذكرك');
    expect(await nova.db.task.count({ where: { title: '42' } })).toBe(0);
  });
});
