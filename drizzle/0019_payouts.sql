CREATE TABLE "payout_allocations" (
	"payout_id" text NOT NULL,
	"order_id" text NOT NULL,
	"account_id" text NOT NULL,
	"credits" bigint NOT NULL,
	"amount_paise" bigint NOT NULL,
	CONSTRAINT "payout_allocations_payout_id_order_id_pk" PRIMARY KEY("payout_id","order_id"),
	CONSTRAINT "payout_allocations_positive" CHECK ("payout_allocations"."credits" > 0 and "payout_allocations"."amount_paise" > 0)
);
--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"credits" bigint NOT NULL,
	"amount_paise" bigint NOT NULL,
	"status" text NOT NULL,
	"beneficiary_name" text NOT NULL,
	"bank_account_number" text NOT NULL,
	"bank_ifsc" text NOT NULL,
	"cf_beneficiary_id" text NOT NULL,
	"note" text,
	"requested_by_user_id" text,
	"requested_by_api_key_id" text,
	"approvals_required" integer NOT NULL,
	"first_approved_by_user_id" text,
	"first_approved_at" timestamp with time zone,
	"second_approved_by_user_id" text,
	"second_approved_at" timestamp with time zone,
	"rejected_by_user_id" text,
	"rejected_at" timestamp with time zone,
	"rejection_reason" text,
	"cf_transfer_id" text,
	"cf_status" text,
	"cf_status_code" text,
	"transfer_utr" text,
	"failure_reason" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payouts_credits_positive" CHECK ("payouts"."credits" > 0),
	CONSTRAINT "payouts_amount_positive" CHECK ("payouts"."amount_paise" > 0),
	CONSTRAINT "payouts_approvals_required" CHECK ("payouts"."approvals_required" in (1, 2)),
	CONSTRAINT "payouts_maker_checker" CHECK ("payouts"."second_approved_by_user_id" is null or "payouts"."second_approved_by_user_id" <> "payouts"."first_approved_by_user_id")
);
--> statement-breakpoint
ALTER TABLE "credit_notes" DROP CONSTRAINT "credit_notes_one_cause";--> statement-breakpoint
ALTER TABLE "credit_notes" ADD COLUMN "payout_id" text;--> statement-breakpoint
ALTER TABLE "payout_allocations" ADD CONSTRAINT "payout_allocations_payout_id_payouts_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."payouts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_allocations" ADD CONSTRAINT "payout_allocations_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_allocations" ADD CONSTRAINT "payout_allocations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_first_approved_by_user_id_users_id_fk" FOREIGN KEY ("first_approved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_second_approved_by_user_id_users_id_fk" FOREIGN KEY ("second_approved_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_rejected_by_user_id_users_id_fk" FOREIGN KEY ("rejected_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payout_allocations_order_idx" ON "payout_allocations" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payouts_account_created_idx" ON "payouts" USING btree ("account_id","created_at","id");--> statement-breakpoint
CREATE INDEX "payouts_status_idx" ON "payouts" USING btree ("status","created_at");--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_payout_id_payouts_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."payouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_notes_payout_order_key" ON "credit_notes" USING btree ("payout_id","order_id");--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_one_cause" CHECK (("credit_notes"."refund_id" is not null)::int + ("credit_notes"."dispute_id" is not null)::int + ("credit_notes"."offline_payment_id" is not null)::int + ("credit_notes"."payout_id" is not null)::int = 1);