// Greeting, help, thanks, and confirm/deny/select when nothing waits for them.
import type { Feature } from '../../engine/feature.ts';
import { greeting, help, nothingPending } from './basic.handlers.ts';
import { answerThanks } from './thanks.ts';

export const basicFeature: Feature = {
  name: 'basic',
  intents: { greeting, help, confirm: nothingPending, deny: nothingPending, select: nothingPending },
  words: answerThanks,
};
