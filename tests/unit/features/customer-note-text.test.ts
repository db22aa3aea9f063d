import { describe, expect, it } from 'vitest';
import { noteText } from '../../../bot/features/customers/customers.edits.ts';

describe('the note a broker writes', () => {
  it('is what follows the colon, with or without a verb before «ملاحظة» / "note"', () => {
    expect(noteText('ملاحظة على ماجد: يفضل شارعين')).toBe('يفضل شارعين');
    expect(noteText('اضف ملاحظة لماجد: يفضل شارعين')).toBe('يفضل شارعين');
    expect(noteText('أضف ملاحظه على أبو فهد: ما يبي دور علوي')).toBe('ما يبي دور علوي');
    expect(noteText('add a note to Majed: prefers a corner plot')).toBe('prefers a corner plot');
  });

  it('is the whole message when nothing says where the note starts', () => {
    expect(noteText('كلمت ماجد وقال يفكر')).toBe('كلمت ماجد وقال يفكر');
    expect(noteText('اتصلت على خالد: ما رد')).toBe('اتصلت على خالد: ما رد');
  });
});
