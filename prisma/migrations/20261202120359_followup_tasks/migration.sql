-- AlterTable
ALTER TABLE "customer_followups" ADD COLUMN     "task_id" UUID;

-- CreateIndex
CREATE INDEX "customer_followups_task_id_idx" ON "customer_followups"("task_id");

-- CreateIndex
CREATE INDEX "reminders_contact_id_fired_at_idx" ON "reminders"("contact_id", "fired_at");

-- AddForeignKey
ALTER TABLE "customer_followups" ADD CONSTRAINT "customer_followups_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE SET NULL ON UPDATE CASCADE;
