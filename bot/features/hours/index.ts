// Working hours, days off, holidays and the calendar feed link of a broker.
import type { Feature } from '../../engine/feature.ts';
import { calendarSettings } from './hours.handlers.ts';

export const hoursFeature: Feature = {
  name: 'hours',
  words: calendarSettings,
};
