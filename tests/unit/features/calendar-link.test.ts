// Issue 18, point 7: a leaked calendar link is replaced by chat, and the feed shows clients' phones only
// when the broker asks for them.
import { describe, expect, it } from 'vitest';
import { hoursFeature } from '../../../bot/features/hours/index.ts';
import { featureHarness } from '../../support/feature-harness.ts';

const NEW_TOKEN = 'NEWtokenNEWtokenNEWtoken';

describe('a broker replaces his calendar link', () => {
  it('«غير رابط التقويم» and its variants make a new token and send the new link', async () => {
    for (const phrase of [
      'غير رابط التقويم',
      'غيّر رابط التقويم',
      'رابط تقويم جديد',
      'الغ رابط التقويم',
      'جدد لينك التقويم',
      'new calendar link',
      'reset my calendar link',
    ]) {
      const chat = featureHarness({
        features: [hoursFeature],
        core: { appointments: { rotateFeedToken: async () => NEW_TOKEN } as never },
      });
      const reply = (await chat.send(phrase)).map((r) => r.text).join('\n');
      expect(reply, phrase).toContain(`/calendar/${NEW_TOKEN}.ics`);
      expect(reply, phrase).toMatch(/الرابط القديم|old link/);
      expect(chat.calls.filter((c) => c.method.startsWith('appointments.')).map((c) => c.method)).toEqual([
        'appointments.rotateFeedToken',
      ]);
    }
  });

  it('«رابط التقويم» alone still shows the same link, rotating nothing', async () => {
    const chat = featureHarness({
      features: [hoursFeature],
      core: { appointments: { feedToken: async () => 'OLDtokenOLDtokenOLDtoken' } as never },
    });
    for (const phrase of ['رابط التقويم', 'ابي رابط التقويم', 'calendar link']) {
      expect((await chat.send(phrase))[0]!.text).toContain('/calendar/OLDtokenOLDtokenOLDtoken.ics');
    }
    expect(
      chat.calls
        .filter((c) => c.method.startsWith('appointments.'))
        .every((c) => c.method === 'appointments.feedToken'),
    ).toBe(true);
  });
});

describe('a broker shows or hides client phones in his calendar', () => {
  const cases: Array<[string, boolean, RegExp]> = [
    ['أظهر أرقام العملاء في التقويم', true, /يعرض أرقام العملاء/],
    ['show client phones in my calendar', true, /now shows client phone numbers/],
    ['أخف أرقام العملاء من التقويم', false, /أخفيت أرقام العملاء/],
    ['hide client phones from my calendar', false, /hidden from your calendar/],
  ];
  for (const [phrase, show, answer] of cases) {
    it(phrase, async () => {
      const seen: boolean[] = [];
      const chat = featureHarness({
        features: [hoursFeature],
        core: {
          appointments: {
            setCalendarClientPhones: async (_scope: unknown, _user: string, on: boolean) => {
              seen.push(on);
              return true;
            },
          } as never,
        },
      });
      expect((await chat.send(phrase))[0]!.text).toMatch(answer);
      expect(seen).toEqual([show]);
    });
  }
});
