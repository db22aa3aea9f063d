-- CreateTable
CREATE TABLE "whatsapp_auth_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "channel_account_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "whatsapp_auth_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "whatsapp_lid_mappings" (
    "channel_account_id" UUID NOT NULL,
    "lid" TEXT NOT NULL,
    "phone_jid" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "whatsapp_lid_mappings_pkey" PRIMARY KEY ("channel_account_id","lid")
);

-- CreateIndex
CREATE UNIQUE INDEX "whatsapp_auth_keys_channel_account_id_type_key_id_key" ON "whatsapp_auth_keys"("channel_account_id", "type", "key_id");
