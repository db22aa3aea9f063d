// Tasks and reminders.
import type { Feature } from '../../engine/feature.ts';
import { taskCancelDialog } from './tasks.cancel.ts';
import { completeTask, createTask, listTasks, selectTask, taskDialog } from './tasks.handlers.ts';
import { snoozeDialog, taskWords } from './tasks.snooze.ts';

export const tasksFeature: Feature = {
  name: 'tasks',
  intents: { 'task.create': createTask, 'task.list': listTasks, 'task.complete': completeTask },
  dialogs: [taskDialog, snoozeDialog, taskCancelDialog],
  lists: { task: selectTask },
  // «الغ التذكير حق ناصر»; «أجلها لبكرة», «أجل المهمة ٢ لبكرة», "snooze it to tomorrow"; «تم» right after a task's reminder
  words: taskWords,
};
