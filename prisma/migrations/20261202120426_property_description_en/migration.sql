-- AlterTable
ALTER TABLE "properties" ADD COLUMN     "description_en" TEXT;
