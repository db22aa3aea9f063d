-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "delivered_at" TIMESTAMPTZ(6),
ADD COLUMN     "payload" JSONB;

-- CreateIndex
CREATE INDEX "notifications_user_id_delivered_at_created_at_idx" ON "notifications"("user_id", "delivered_at", "created_at");
