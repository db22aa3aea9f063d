// The morning digest: a member's own switch, the digest on request, and the one-tap follow-up of a
// lead gone quiet. The digest itself is written by bot/jobs/digest.job.ts.
import type { Feature } from '../../engine/feature.ts';
import { digestWords, followUpQuietLead } from './digest.handlers.ts';
import { QUIET_CHOICE, QUIET_CHOICE_PATTERN } from './digest.texts.ts';

export const digestFeature: Feature = {
  name: 'digest',
  words: digestWords,
  choices: { [QUIET_CHOICE]: followUpQuietLead },
  choicePatterns: { [QUIET_CHOICE]: QUIET_CHOICE_PATTERN },
};
