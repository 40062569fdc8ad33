CREATE TABLE "subscription_charge_retries" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"charge_id" text NOT NULL,
	"cycle_key" text NOT NULL,
	"attempt" integer NOT NULL,
	"payment_id" text NOT NULL,
	"cf_payment_id" text,
	"status" text DEFAULT 'notified' NOT NULL,
	"amount_paise" bigint NOT NULL,
	"raises" integer DEFAULT 0 NOT NULL,
	"pre_debit_notified_at" timestamp with time zone NOT NULL,
	"charge_at" timestamp with time zone NOT NULL,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscription_charge_retries_amount_positive" CHECK ("subscription_charge_retries"."amount_paise" >= 100)
);
--> statement-breakpoint
CREATE TABLE "subscription_dunning" (
	"charge_id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"cycle_key" text NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"first_failed_at" timestamp with time zone NOT NULL,
	"grace_ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'retrying' NOT NULL,
	"lapsed_at" timestamp with time zone,
	"mandate_cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscription_webhook_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_key" text NOT NULL,
	"event_type" text NOT NULL,
	"subscription_id" text,
	"payment_id" text,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone,
	"outcome" text,
	"apply_attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "subscription_charge_retries" ADD CONSTRAINT "subscription_charge_retries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_charge_retries" ADD CONSTRAINT "subscription_charge_retries_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_charge_retries" ADD CONSTRAINT "subscription_charge_retries_charge_id_subscription_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."subscription_charges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_dunning" ADD CONSTRAINT "subscription_dunning_charge_id_subscription_charges_id_fk" FOREIGN KEY ("charge_id") REFERENCES "public"."subscription_charges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_dunning" ADD CONSTRAINT "subscription_dunning_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_dunning" ADD CONSTRAINT "subscription_dunning_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_charge_retries_attempt_idx" ON "subscription_charge_retries" USING btree ("charge_id","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_charge_retries_payment_idx" ON "subscription_charge_retries" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "subscription_charge_retries_due_idx" ON "subscription_charge_retries" USING btree ("charge_at") WHERE "subscription_charge_retries"."status" = 'notified';--> statement-breakpoint
CREATE INDEX "subscription_dunning_open_idx" ON "subscription_dunning" USING btree ("grace_ends_at") WHERE "subscription_dunning"."status" = 'retrying';--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_webhook_events_key" ON "subscription_webhook_events" USING btree ("event_key");--> statement-breakpoint
CREATE INDEX "subscription_webhook_events_unapplied_idx" ON "subscription_webhook_events" USING btree ("created_at","id") WHERE applied_at is null;