// Tasks and reminders.
import type { Feature } from '../../engine/feature.ts';
import { legacyDialog } from '../shared/legacy-dialog.ts';
import { completeTask, createTask, listTasks, selectTask, taskDialog } from './tasks.handlers.ts';

export const tasksFeature: Feature = {
  name: 'tasks',
  intents: { 'task.create': createTask, 'task.list': listTasks, 'task.complete': completeTask },
  dialogs: [legacyDialog('task', 1, taskDialog)],
  lists: { task: selectTask },
};
