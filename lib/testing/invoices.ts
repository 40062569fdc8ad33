import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { rowsOf } from "@/lib/db/rows";
import { disputes, invoices, refunds } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { computeInvoice } from "@/lib/gst/compute-invoice";
import { formatInvoiceNumber } from "@/lib/gst/invoice-number";
import { financialYearOf, formatIstDate } from "@/lib/money/ist";
import { insertOrder } from "./orders";

export const TEST_SUPPLIER = { legalName: "Khata Technologies Private Limited", address: "1 Residency Road\nBengaluru 560025", stateCode: "29", gstin: "29AAGCB7383J1Z4" };

/**
 * A paid order and its issued tax invoice, numbered from the real invoice counter (as settlement would), with
 * a real snapshot (computeInvoice) so credit notes can copy its parties. `recipientStateCode` other than 29
 * makes it inter-state (IGST).
 */
export async function createInvoicedOrder(
  db: Db,
  input: { accountId: string; totalPaise?: bigint; recipientStateCode?: string; recipientGstin?: string; recipientAddress?: string; issuedAt?: Date },
) {
  const totalPaise = input.totalPaise ?? 500000n;
  const issuedAt = input.issuedAt ?? new Date("2026-11-23T06:00:00Z");
  const order = await insertOrder(db, { accountId: input.accountId, status: "PAID", credits: totalPaise / 100n, paidAt: issuedAt, expiresAt: null });
  const view = computeInvoice({
    totalPaise,
    supplier: TEST_SUPPLIER,
    recipient: { legalName: "Test Customer Private Limited", address: input.recipientAddress ?? "1 MG Road", stateCode: input.recipientStateCode ?? "29", gstin: input.recipientGstin },
    description: "Prepaid API credits",
    quantityCredits: totalPaise / 100n > 0n ? totalPaise / 100n : 1n,
  });
  const { fy } = financialYearOf(issuedAt);
  const [counter] = rowsOf<{ last_number: number }>(
    await db.execute(sql`insert into invoice_counters (financial_year, last_number) values (${fy}, 1)
      on conflict (financial_year) do update set last_number = invoice_counters.last_number + 1 returning last_number`),
  );
  const invoiceNumber = formatInvoiceNumber(fy, Number(counter!.last_number));
  const [invoice] = await db
    .insert(invoices)
    .values({
      id: `inv_${order.id}`,
      invoiceNumber,
      accountId: input.accountId,
      orderId: order.id,
      financialYear: fy,
      sequenceNumber: Number(counter!.last_number),
      issuedAt,
      taxablePaise: BigInt(view.totals.taxablePaise),
      cgstPaise: BigInt(view.totals.cgstPaise),
      sgstPaise: BigInt(view.totals.sgstPaise),
      igstPaise: BigInt(view.totals.igstPaise),
      roundOffPaise: BigInt(view.totals.roundOffPaise ?? "0"),
      totalPaise,
      snapshot: { ...view, invoiceNumber, issuedAtIst: formatIstDate(issuedAt) },
    })
    .returning();
  return { order, invoice: invoice! };
}

/** A completed refund row of an order (what a credit note's refund_id refers to). */
export async function insertSucceededRefund(db: Db, input: { accountId: string; orderId: string; amountPaise: bigint }) {
  const id = newId("rf");
  await db.insert(refunds).values({
    id,
    accountId: input.accountId,
    orderId: input.orderId,
    credits: input.amountPaise / 100n > 0n ? input.amountPaise / 100n : 1n,
    amountPaise: input.amountPaise,
    reason: "Test refund",
    status: "succeeded",
    initiatedBy: "operator",
  });
  return id;
}

/** A lost dispute row of an order (what a credit note's dispute_id refers to). */
export async function insertLostDispute(db: Db, input: { accountId: string; orderId: string; amountPaise: bigint }) {
  const id = newId("dsp");
  await db.insert(disputes).values({
    id,
    cfDisputeId: `cf_${id}`,
    accountId: input.accountId,
    orderId: input.orderId,
    disputeType: "CHARGEBACK",
    cfStatus: "CHARGEBACK_MERCHANT_LOST",
    amountPaise: input.amountPaise,
    resolution: "lost",
  });
  return id;
}
