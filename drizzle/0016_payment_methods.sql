ALTER TABLE "orders" ADD COLUMN "payment_group" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "payment_method" jsonb;