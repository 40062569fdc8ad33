CREATE TABLE "auto_top_up_charges" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"order_id" text NOT NULL,
	"payment_id" text NOT NULL,
	"cf_payment_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"amount_paise" bigint NOT NULL,
	"month" text NOT NULL,
	"balance_at_trigger_credits" bigint NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auto_top_up_charges_amount_positive" CHECK ("auto_top_up_charges"."amount_paise" >= 100)
);
--> statement-breakpoint
CREATE TABLE "auto_top_up_settings" (
	"account_id" text PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"threshold_credits" bigint NOT NULL,
	"amount_paise" bigint NOT NULL,
	"monthly_ceiling_paise" bigint NOT NULL,
	"updated_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auto_top_up_settings_amount_whole_credits" CHECK ("auto_top_up_settings"."amount_paise" >= 100 and "auto_top_up_settings"."amount_paise" % 100 = 0),
	CONSTRAINT "auto_top_up_settings_ceiling_covers_amount" CHECK ("auto_top_up_settings"."monthly_ceiling_paise" >= "auto_top_up_settings"."amount_paise"),
	CONSTRAINT "auto_top_up_settings_threshold_positive" CHECK ("auto_top_up_settings"."threshold_credits" > 0)
);
--> statement-breakpoint
ALTER TABLE "auto_top_up_charges" ADD CONSTRAINT "auto_top_up_charges_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auto_top_up_charges" ADD CONSTRAINT "auto_top_up_charges_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auto_top_up_settings" ADD CONSTRAINT "auto_top_up_settings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auto_top_up_settings" ADD CONSTRAINT "auto_top_up_settings_updated_by_user_id_users_id_fk" FOREIGN KEY ("updated_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "auto_top_up_charges_one_pending_idx" ON "auto_top_up_charges" USING btree ("account_id") WHERE "auto_top_up_charges"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "auto_top_up_charges_payment_idx" ON "auto_top_up_charges" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "auto_top_up_charges_account_month_idx" ON "auto_top_up_charges" USING btree ("account_id","month");