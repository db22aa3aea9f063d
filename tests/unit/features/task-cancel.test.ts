// A task cancelled in the broker's words (bot/features/tasks/tasks.cancel.ts readTaskCancel).
import { describe, expect, it } from 'vitest';
import { readTaskCancel } from '../../../bot/features/tasks/tasks.cancel.ts';

describe('readTaskCancel', () => {
  it.each([
    ['الغ التذكير حق ناصر', { kind: 'words', words: ['ناصر'] }],
    ['الغ تذكير البنك', { kind: 'words', words: ['البنك'] }],
    ['امسح مهمة الاتصال بخالد', { kind: 'words', words: ['الاتصال', 'بخالد'] }],
    ['احذف المهمة ٢', { kind: 'ref', n: 2 }],
    ['cancel the reminder to call Omar', { kind: 'words', words: ['call', 'omar'] }],
    ["delete Omar's reminder", { kind: 'words', words: ['omar'] }],
    ['delete task 1', { kind: 'ref', n: 1 }],
    // nothing named: the task just set, else a list to pick from (tasks.cancel.ts)
    ['الغ التذكير', { kind: 'it' }],
    ['cancel the reminder', { kind: 'it' }],
  ])('«%s» → %o', (text, expected) => {
    expect(readTaskCancel(text)).toEqual(expected);
  });

  it.each(['الغ', 'إلغاء', 'الغ الموعد ١', 'امسح العميل ناصر', 'ذكرني الغي اشتراك النت بكرة', 'cancel my viewing'])(
    'leaves «%s» to the other answers',
    (text) => {
      expect(readTaskCancel(text)).toBeUndefined();
    },
  );
});
