// Tasks and reminders.
import type { Feature } from '../../engine/feature.ts';
import { completeTask, createTask, listTasks, selectTask, taskDialog } from './tasks.handlers.ts';

export const tasksFeature: Feature = {
  name: 'tasks',
  intents: { 'task.create': createTask, 'task.list': listTasks, 'task.complete': completeTask },
  dialogs: [taskDialog],
  lists: { task: selectTask },
};
