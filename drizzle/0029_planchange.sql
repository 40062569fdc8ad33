CREATE TABLE "plan_changes" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"kind" text NOT NULL,
	"from_plan" text NOT NULL,
	"to_plan" text NOT NULL,
	"order_id" text NOT NULL,
	"cycle_key" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"days_charged" integer NOT NULL,
	"days_in_period" integer NOT NULL,
	"amount_paise" bigint NOT NULL,
	"credits" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "scheduled_plan" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "cancel_at_period_end" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_changes" ADD CONSTRAINT "plan_changes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "plan_changes_order_idx" ON "plan_changes" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_changes_one_open_upgrade" ON "plan_changes" USING btree ("account_id","cycle_key","to_plan") WHERE "plan_changes"."kind" = 'upgrade' and "plan_changes"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "plan_changes_due_idx" ON "plan_changes" USING btree ("period_start") WHERE "plan_changes"."kind" = 'downgrade' and "plan_changes"."status" = 'paid';