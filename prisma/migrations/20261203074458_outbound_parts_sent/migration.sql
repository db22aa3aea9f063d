-- AlterTable
ALTER TABLE "outbound_messages" ADD COLUMN     "parts_sent" INTEGER NOT NULL DEFAULT 0;
