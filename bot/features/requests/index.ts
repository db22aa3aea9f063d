// Filing what a client looks for.
import type { Feature } from '../../engine/feature.ts';
import { budgetForLatestRequest, districtForLatestRequest } from './request.amend.ts';
import { closeRequestWords } from './request.close.ts';
import { requestDialog } from './request.dialog.ts';
import { budgetForLastSearch, createRequest } from './requests.handlers.ts';

export const requestsFeature: Feature = {
  name: 'requests',
  intents: { 'request.create': createRequest },
  dialogs: [requestDialog],
  // a budget or a district alone after a client's request adds to it (a budget after a search files
  // one); a member's «الغ طلب سلمان» closes one
  words: async (ctx) =>
    (await closeRequestWords(ctx)) ||
    (await budgetForLatestRequest(ctx)) ||
    (await budgetForLastSearch(ctx)) ||
    districtForLatestRequest(ctx),
};
