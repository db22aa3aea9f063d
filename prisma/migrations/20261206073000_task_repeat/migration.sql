-- A repeating reminder («ذكرني كل يوم الساعة ٨ …»): daily, weekly or monthly from its first time
-- (repeat_from), and its task's due_at moves on to the next each time the reminder fires
-- (core/tasks/repeat.ts, bot/jobs/reminders.job.ts).
ALTER TABLE "tasks" ADD COLUMN "repeat" TEXT,
ADD COLUMN "repeat_from" TIMESTAMPTZ(6);
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_repeat_check" CHECK ("repeat" IN ('daily', 'weekly', 'monthly'));
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_repeat_has_start" CHECK ("repeat" IS NULL OR "repeat_from" IS NOT NULL);
