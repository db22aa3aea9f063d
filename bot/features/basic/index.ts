// Greeting, help, and confirm/deny/select when nothing waits for them.
import type { Feature } from '../../engine/feature.ts';
import { greeting, help, nothingPending } from './basic.handlers.ts';

export const basicFeature: Feature = {
  name: 'basic',
  intents: { greeting, help, confirm: nothingPending, deny: nothingPending, select: nothingPending },
};
