// Filing what a client looks for.
import type { Feature } from '../../engine/feature.ts';
import { legacyDialog } from '../shared/legacy-dialog.ts';
import { createRequest, requestDialog } from './requests.handlers.ts';

export const requestsFeature: Feature = {
  name: 'requests',
  intents: { 'request.create': createRequest },
  dialogs: [legacyDialog('request', 1, requestDialog)],
};
