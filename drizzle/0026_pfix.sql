ALTER TABLE "orders" ADD COLUMN "created_by_api_key_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "cf_paying_order_id" text;--> statement-breakpoint
CREATE INDEX "orders_cf_paying_order_idx" ON "orders" USING btree ("cf_paying_order_id") WHERE "orders"."cf_paying_order_id" is not null;