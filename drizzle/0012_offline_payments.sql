CREATE TABLE "offline_payments" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"order_id" text NOT NULL,
	"amount_paise" bigint NOT NULL,
	"mode" text NOT NULL,
	"paid_on" date NOT NULL,
	"reference" text,
	"pays_for" text NOT NULL,
	"plan" text,
	"credits" bigint NOT NULL,
	"status" text DEFAULT 'Paid' NOT NULL,
	"receipt_prefix" text NOT NULL,
	"receipt_seq" integer NOT NULL,
	"receipt_suffix" text NOT NULL,
	"receipt_number" text NOT NULL,
	"financial_year" text NOT NULL,
	"recorded_by_user_id" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"cancel_requested_by_user_id" text,
	"cancel_requested_at" timestamp with time zone,
	"cancel_reason" text,
	"cancel_decided_by_user_id" text,
	"cancel_decided_at" timestamp with time zone,
	"cancel_decision" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offline_payments_amount_min" CHECK ("offline_payments"."amount_paise" >= 100),
	CONSTRAINT "offline_payments_credits_positive" CHECK ("offline_payments"."credits" > 0),
	CONSTRAINT "offline_payments_reference_length" CHECK ("offline_payments"."reference" is null or length("offline_payments"."reference") <= 255),
	CONSTRAINT "offline_payments_receipt_length" CHECK (length("offline_payments"."receipt_number") <= 16),
	CONSTRAINT "offline_payments_plan_given" CHECK (("offline_payments"."pays_for" = 'plan') = ("offline_payments"."plan" is not null)),
	CONSTRAINT "offline_payments_maker_checker" CHECK ("offline_payments"."cancel_decided_by_user_id" is null or "offline_payments"."cancel_decided_by_user_id" <> "offline_payments"."cancel_requested_by_user_id")
);
--> statement-breakpoint
CREATE TABLE "offline_receipt_counters" (
	"financial_year" text PRIMARY KEY NOT NULL,
	"last_number" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_notes" DROP CONSTRAINT "credit_notes_one_cause";--> statement-breakpoint
ALTER TABLE "document_renderings" DROP CONSTRAINT "document_renderings_kind_known";--> statement-breakpoint
ALTER TABLE "credit_notes" ADD COLUMN "offline_payment_id" text;--> statement-breakpoint
ALTER TABLE "offline_payments" ADD CONSTRAINT "offline_payments_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offline_payments" ADD CONSTRAINT "offline_payments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offline_payments" ADD CONSTRAINT "offline_payments_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offline_payments" ADD CONSTRAINT "offline_payments_cancel_requested_by_user_id_users_id_fk" FOREIGN KEY ("cancel_requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offline_payments" ADD CONSTRAINT "offline_payments_cancel_decided_by_user_id_users_id_fk" FOREIGN KEY ("cancel_decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "offline_payments_order_key" ON "offline_payments" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "offline_payments_fy_seq_key" ON "offline_payments" USING btree ("financial_year","receipt_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "offline_payments_receipt_number_key" ON "offline_payments" USING btree ("receipt_number");--> statement-breakpoint
CREATE INDEX "offline_payments_account_idx" ON "offline_payments" USING btree ("account_id","id");--> statement-breakpoint
CREATE INDEX "offline_payments_status_idx" ON "offline_payments" USING btree ("status");--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_offline_payment_id_offline_payments_id_fk" FOREIGN KEY ("offline_payment_id") REFERENCES "public"."offline_payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_notes_offline_payment_key" ON "credit_notes" USING btree ("offline_payment_id");--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_one_cause" CHECK (("credit_notes"."refund_id" is not null)::int + ("credit_notes"."dispute_id" is not null)::int + ("credit_notes"."offline_payment_id" is not null)::int = 1);--> statement-breakpoint
ALTER TABLE "document_renderings" ADD CONSTRAINT "document_renderings_kind_known" CHECK ("document_renderings"."kind" in ('invoice', 'credit_note', 'receipt'));