-- Events recorded before the inbox were settled in the webhook's own transaction: they count as settled.
UPDATE "webhook_events" SET "settled_at" = "created_at" WHERE "settled_at" IS NULL;
