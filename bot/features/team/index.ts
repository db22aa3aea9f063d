// The office's team by chat: add a member («أضف ليلى 0551234567 للفريق وسيط»: confirmed, invited, joins
// on her first message), remove one («شيل ليلى من الفريق»: confirmed, her work goes to a successor), and
// «فريقي» / "my team". Only owners and managers change the team.
import type { Feature } from '../../engine/feature.ts';
import { addMemberDialog } from './team.add.ts';
import { teamWords } from './team.handlers.ts';
import { removeMemberDialog } from './team.remove.ts';

export const teamFeature: Feature = {
  name: 'team',
  dialogs: [addMemberDialog, removeMemberDialog],
  words: teamWords,
};
