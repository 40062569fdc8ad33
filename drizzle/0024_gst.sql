ALTER TABLE "credit_notes" DROP CONSTRAINT "credit_notes_total_adds_up";--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_total_adds_up";--> statement-breakpoint
ALTER TABLE "credit_notes" ADD COLUMN "round_off_paise" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "round_off_paise" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "irn" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "irn_ack_no" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "irn_ack_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "irn_signed_qr" text;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_total_adds_up" CHECK ("credit_notes"."taxable_paise" + "credit_notes"."cgst_paise" + "credit_notes"."sgst_paise" + "credit_notes"."igst_paise" + "credit_notes"."round_off_paise" = "credit_notes"."total_paise");--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_total_adds_up" CHECK ("invoices"."taxable_paise" + "invoices"."cgst_paise" + "invoices"."sgst_paise" + "invoices"."igst_paise" + "invoices"."round_off_paise" = "invoices"."total_paise");