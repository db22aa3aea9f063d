-- DropIndex
DROP INDEX "outbound_messages_channel_account_id_chat_id_created_at_idx";

-- AlterTable
ALTER TABLE "inbound_messages" ADD COLUMN     "claimed_at" TIMESTAMPTZ(6),
ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- AlterTable
ALTER TABLE "outbound_messages" ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE INDEX "inbound_messages_channel_account_id_chat_id_status_seq_idx" ON "inbound_messages"("channel_account_id", "chat_id", "status", "seq");

-- CreateIndex
CREATE INDEX "outbound_messages_channel_account_id_chat_id_seq_idx" ON "outbound_messages"("channel_account_id", "chat_id", "seq");
