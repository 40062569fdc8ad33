ALTER TABLE "orders" ADD COLUMN "payment_link" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "reference" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "cf_link_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "link_url" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "payer_name" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "payer_email" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "payer_phone" text;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_account_reference_idx" ON "orders" USING btree ("account_id","reference") WHERE "orders"."reference" is not null;