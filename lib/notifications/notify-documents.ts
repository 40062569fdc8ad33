import { and, eq } from "drizzle-orm";
import { getEnv } from "@/lib/config/env";
import type { Db, Executor } from "@/lib/db";
import { billingProfiles, creditNotes, invoices, refunds } from "@/lib/db/schema";
import { notifyAccount } from "./notify-account";

const pdfName = (documentNumber: string) => `${documentNumber.replace(/[^A-Za-z0-9-]/g, "-")}.pdf`;

/**
 * Mails an issued invoice, its stored PDF attached, to the billing email printed on it (else the billing
 * profile's current one, else the members). Must-go: preferences do not apply. Called by the render job once the
 * PDF is stored; the dedupe key (`invoice-issued:<id>`) makes a rerun, or a second render job, send nothing more.
 */
export async function notifyInvoiceIssued(db: Db, invoiceId: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId));
    if (!invoice) return [];
    const printed = (invoice.snapshot as { recipient?: { email?: string | null } }).recipient?.email ?? null;
    const to = printed ?? (await billingEmail(tx, invoice.accountId));
    return notifyAccount(tx, {
      accountId: invoice.accountId,
      kind: "invoice-issued",
      dedupeKey: `invoice-issued:${invoice.id}`,
      to: to ? [to] : undefined,
      data: {
        invoiceNumber: invoice.invoiceNumber,
        totalPaise: invoice.totalPaise.toString(),
        issuedAt: invoice.issuedAt.toISOString(),
        url: `${getEnv().APP_URL}/invoices/${encodeURIComponent(invoice.invoiceNumber)}`,
        attachment: { kind: "invoice", documentId: invoice.id, filename: pdfName(invoice.invoiceNumber) },
      },
    });
  });
}

async function billingEmail(tx: Executor, accountId: string): Promise<string | null> {
  const [profile] = await tx.select({ email: billingProfiles.email }).from(billingProfiles).where(eq(billingProfiles.accountId, accountId));
  return profile?.email ?? null;
}

/**
 * Mails a succeeded refund and its credit note (the note's PDF attached once its render job stored it: the mail
 * waits for it, see deliverEmail). Called by the `issue-refund-credit-note` job after the note is issued, in its
 * own transaction; the dedupe key is the refund's id.
 */
export async function notifyRefundIssued(db: Db, refundId: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const [refund] = await tx.select().from(refunds).where(eq(refunds.id, refundId));
    if (!refund || refund.status !== "succeeded") return [];
    const [note] = await tx
      .select({ id: creditNotes.id, number: creditNotes.creditNoteNumber })
      .from(creditNotes)
      .where(and(eq(creditNotes.refundId, refund.id), eq(creditNotes.accountId, refund.accountId)));
    return notifyAccount(tx, {
      accountId: refund.accountId,
      kind: "refund-issued",
      dedupeKey: `refund-issued:${refund.id}`,
      data: {
        refundId: refund.id,
        amountPaise: refund.amountPaise.toString(),
        credits: refund.credits.toString(),
        creditNoteNumber: note?.number ?? null,
        url: `${getEnv().APP_URL}/payments`,
        attachment: note ? { kind: "credit_note", documentId: note.id, filename: pdfName(note.number) } : undefined,
      },
    });
  });
}
