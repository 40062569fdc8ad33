CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "order_review_decisions" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"account_id" text NOT NULL,
	"decision" text NOT NULL,
	"reason" text NOT NULL,
	"review_reason" text,
	"decided_by_user_id" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_review_decisions" ADD CONSTRAINT "order_review_decisions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_review_decisions" ADD CONSTRAINT "order_review_decisions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_review_decisions" ADD CONSTRAINT "order_review_decisions_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_review_decisions_order_idx" ON "order_review_decisions" USING btree ("order_id","decided_at");--> statement-breakpoint
CREATE INDEX "order_review_decisions_account_idx" ON "order_review_decisions" USING btree ("account_id","decided_at");--> statement-breakpoint
CREATE INDEX "accounts_name_trgm_idx" ON "accounts" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "billing_profiles_gstin_idx" ON "billing_profiles" USING btree ("gstin");--> statement-breakpoint
CREATE INDEX "billing_profiles_email_idx" ON "billing_profiles" USING btree ("email");--> statement-breakpoint
CREATE INDEX "billing_profiles_legal_name_trgm_idx" ON "billing_profiles" USING gin ("legal_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "orders_cf_order_idx" ON "orders" USING btree ("cf_order_id");--> statement-breakpoint
CREATE INDEX "users_email_trgm_idx" ON "users" USING gin ("email" gin_trgm_ops);