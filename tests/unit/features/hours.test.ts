// Issue 11, point 4: «وش دوامي؟» shows the broker's week (a break splits a day), never "I did not get
// the hours".
import { describe, expect, it } from 'vitest';
import { hoursFeature } from '../../../bot/features/hours/index.ts';
import { featureHarness } from '../../support/feature-harness.ts';

describe('a broker asks his working hours', () => {
  it('«وش دوامي؟» lists the week with the break and the day off', async () => {
    const row = (weekday: number) => ({
      weekday,
      startTime: '09:00',
      endTime: '21:00',
      breakStart: '13:00',
      breakEnd: '16:00',
    });
    const chat = featureHarness({
      features: [hoursFeature],
      core: { appointments: { workingHoursOf: async () => [0, 1, 2, 3, 4].map(row) } as never },
    });
    for (const question of ['وش دوامي؟', 'متى دوامي', 'ساعات دوامي كم؟']) {
      const reply = (await chat.send(question)).map((r) => r.text).join('\n');
      expect(reply).toMatch(/الأحد: من ٩:٠٠ ص إلى ١:٠٠ م ومن ٤:٠٠ م إلى ٩:٠٠ م/);
      expect(reply).toMatch(/إجازة: الجمعة، السبت/);
      expect(reply).not.toMatch(/ما فهمت/);
    }
  });
});
