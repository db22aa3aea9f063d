// Every feature Nova has in chat. bin/ hands this list to the engine; the order only matters for
// `words` (tried in this order).

import type { Feature } from '../engine/feature.ts';
import { basicFeature } from './basic/index.ts';
import { customersFeature } from './customers/index.ts';
import { dealsFeature } from './deals/index.ts';
import { digestFeature } from './digest/index.ts';
import { hoursFeature } from './hours/index.ts';
import { listingsFeature } from './listings/index.ts';
import { matchesFeature } from './matches/index.ts';
import { reportsFeature } from './reports/index.ts';
import { requestsFeature } from './requests/index.ts';
import { searchFeature } from './search/index.ts';
import { tasksFeature } from './tasks/index.ts';
import { teamFeature } from './team/index.ts';
import { viewingsFeature } from './viewings/index.ts';

export const features: readonly Feature[] = [
  basicFeature,
  customersFeature,
  tasksFeature,
  dealsFeature,
  reportsFeature,
  listingsFeature,
  requestsFeature,
  searchFeature,
  matchesFeature,
  viewingsFeature,
  hoursFeature,
  teamFeature,
  digestFeature,
];
