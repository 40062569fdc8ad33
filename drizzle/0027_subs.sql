CREATE TABLE "subscription_charges" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"cycle_key" text NOT NULL,
	"payment_id" text NOT NULL,
	"order_id" text NOT NULL,
	"cf_payment_id" text,
	"status" text DEFAULT 'notified' NOT NULL,
	"amount_paise" bigint NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"pre_debit_notified_at" timestamp with time zone NOT NULL,
	"charge_at" timestamp with time zone NOT NULL,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscription_charges_amount_positive" CHECK ("subscription_charges"."amount_paise" >= 100)
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"plan" text NOT NULL,
	"cf_subscription_id" text,
	"cf_session_id" text,
	"cashfree_env" text NOT NULL,
	"status" text DEFAULT 'pending_authorization' NOT NULL,
	"max_amount_paise" bigint NOT NULL,
	"mandate_authorised_at" timestamp with time zone,
	"current_period_end" timestamp with time zone,
	"next_charge_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_max_amount_positive" CHECK ("subscriptions"."max_amount_paise" >= 100)
);
--> statement-breakpoint
ALTER TABLE "subscription_charges" ADD CONSTRAINT "subscription_charges_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_charges" ADD CONSTRAINT "subscription_charges_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_charges_cycle_idx" ON "subscription_charges" USING btree ("account_id","cycle_key");--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_charges_payment_idx" ON "subscription_charges" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "subscription_charges_due_idx" ON "subscription_charges" USING btree ("charge_at") WHERE "subscription_charges"."status" = 'notified';--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_one_live_per_account" ON "subscriptions" USING btree ("account_id") WHERE "subscriptions"."status" not in ('cancelled', 'authorization_failed');--> statement-breakpoint
CREATE INDEX "subscriptions_due_idx" ON "subscriptions" USING btree ("next_charge_at") WHERE "subscriptions"."status" = 'active';