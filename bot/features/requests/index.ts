// Filing what a client looks for.
import type { Feature } from '../../engine/feature.ts';
import { districtForLatestRequest } from './request.amend.ts';
import { requestDialog } from './request.dialog.ts';
import { createRequest } from './requests.handlers.ts';

export const requestsFeature: Feature = {
  name: 'requests',
  intents: { 'request.create': createRequest },
  dialogs: [requestDialog],
  // a district alone after a client's request adds to it
  words: districtForLatestRequest,
};
