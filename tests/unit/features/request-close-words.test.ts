import { describe, expect, it } from 'vitest';
import { asksToCloseRequest } from '../../../bot/features/requests/request.close.ts';

describe("a broker closing a customer's request in his words", () => {
  it('is read in Gulf Arabic and English, the verb before or the word of its end after', () => {
    for (const text of [
      'الغ طلب سلمان',
      'سكّر طلب سلمان لقى بيت',
      'احذف الطلب حق سلمان',
      'طلب سلمان انتهى',
      "close Noura's request",
      'cancel the request of Salman',
      "salman's request is done",
    ]) {
      expect(asksToCloseRequest(text), text).toBe(true);
    }
  });

  it('is not a request filed, asked after or changed', () => {
    for (const text of [
      'طلب جديد لسلمان شقة بالملقا',
      'وش صار على طلب سلمان',
      'وش الطلبات الجديدة؟',
      'الغ موعد سلمان',
    ]) {
      expect(asksToCloseRequest(text), text).toBe(false);
    }
  });
});
