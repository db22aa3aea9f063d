// The period summary.
import type { Feature } from '../../engine/feature.ts';
import { summary } from './reports.handlers.ts';

export const reportsFeature: Feature = {
  name: 'reports',
  intents: { 'report.summary': summary },
};
