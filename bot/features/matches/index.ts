// Smart matches.
import type { Feature } from '../../engine/feature.ts';
import { acceptMatch, listMatches, rejectMatch, showMatch } from './matches.handlers.ts';

export const matchesFeature: Feature = {
  name: 'matches',
  intents: { 'match.list': listMatches, 'match.accept': acceptMatch, 'match.reject': rejectMatch },
  lists: { match: showMatch },
};
