// «ذكرني اتصل عليه» right after a customer: "him" is that customer (bot/features/tasks/referent.ts).
import { describe, expect, it } from 'vitest';
import { REFERENT_WITHIN_MS, recentCustomer, titleWithReferent } from '../../../bot/features/tasks/referent.ts';

describe('titleWithReferent', () => {
  it('puts the name in place of «عليه» / «معها», keeping the preposition', () => {
    expect(titleWithReferent('اتصل عليه', 'ابو فهد')).toBe('اتصل على ابو فهد');
    expect(titleWithReferent('اتصل عليها الصبح', 'ام سعد')).toBe('اتصل على ام سعد الصبح');
    expect(titleWithReferent('اتفق معه على السعر', 'خالد')).toBe('اتفق مع خالد على السعر');
  });

  it('puts the name in place of a pronoun joined to a verb of reaching him («اكلمه», «نتابعها»)', () => {
    expect(titleWithReferent('اكلمه', 'ناصر الدوسري')).toBe('اكلم ناصر الدوسري');
    expect(titleWithReferent('نتابعها بخصوص العقد', 'ام سعد')).toBe('نتابع ام سعد بخصوص العقد');
    expect(titleWithReferent('ابلغه بالسعر الجديد', 'خالد')).toBe('ابلغ خالد بالسعر الجديد');
  });

  it('adds the name after «له» / «لها» in brackets', () => {
    expect(titleWithReferent('ارسل له العقد', 'خالد')).toBe('ارسل له (خالد) العقد');
  });

  it('puts the name in place of "him" / "her" in English', () => {
    expect(titleWithReferent('call him', 'Omar')).toBe('call Omar');
    expect(titleWithReferent('send her the contract', 'Sara')).toBe('send Sara the contract');
  });

  it('leaves a title without a pronoun for a person alone (null)', () => {
    expect(titleWithReferent('اتصل على البنك', 'خالد')).toBeNull();
    expect(titleWithReferent('اراجع العقد', 'خالد')).toBeNull();
    expect(titleWithReferent('check the heating', 'Omar')).toBeNull();
    // part of a longer word is no pronoun: «عليهم» (them), «لهم», "hiking"
    expect(titleWithReferent('اتصل عليهم', 'خالد')).toBeNull();
    // a final «ه» of another word, or of the verb with «them»
    expect(titleWithReferent('ادفع فاتورة المياه', 'خالد')).toBeNull();
    expect(titleWithReferent('اكلمهم', 'خالد')).toBeNull();
    expect(titleWithReferent('book the hiking trip', 'Omar')).toBeNull();
  });
});

describe('recentCustomer', () => {
  const at = '2026-12-15T09:00:00.000Z';
  const last = { id: '5b0c2a9e-2f4e-4a57-9a8e-1d2f3c4b5a6e', name: 'ابو فهد', at };
  it('is the customer the chat was about within half an hour, and nobody after', () => {
    expect(recentCustomer(last, new Date(Date.parse(at) + 60_000))).toEqual({
      id: '5b0c2a9e-2f4e-4a57-9a8e-1d2f3c4b5a6e',
      name: 'ابو فهد',
    });
    expect(recentCustomer(last, new Date(Date.parse(at) + REFERENT_WITHIN_MS + 1))).toBeUndefined();
    expect(recentCustomer(undefined, new Date(at))).toBeUndefined();
    // a stored state of another shape is nobody
    expect(recentCustomer({ id: 'not-a-uuid', name: 'x', at }, new Date(at))).toBeUndefined();
    expect(recentCustomer('ابو فهد', new Date(at))).toBeUndefined();
  });
});
