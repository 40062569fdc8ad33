import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { invoices } from "@/lib/db/schema";
import type { IssuedInvoiceView } from "@/lib/gst/compute-invoice";
import { log } from "@/lib/log";
import { formatIstDateTime } from "@/lib/money/ist";
import { buildInv01 } from "./build-inv01";
import type { IrpClient } from "./irp-client";

export type EInvoiceView = NonNullable<IssuedInvoiceView["eInvoice"]>;

/**
 * The invoice's e-invoice registration: the stored one, else (an IRP configured, a B2B invoice) registered now and
 * stored on the invoice row — IRN, acknowledgement number and time, signed QR — before its PDF is rendered, so the
 * one stored PDF prints them. Null when e-invoicing does not apply (no IRP, a B2C invoice, an address without a
 * PIN: logged). An IRP refusal or outage throws, and the render job retries with backoff (failures on
 * /operator/jobs). Two racing registrations of one invoice get the same IRN (it is derived from the document), and
 * the first stored wins (`where irn is null`).
 */
export async function ensureEInvoice(db: Executor, invoiceId: string, irp: IrpClient | null): Promise<EInvoiceView | null> {
  const [row] = await db
    .select({ snapshot: invoices.snapshot, issuedAt: invoices.issuedAt, irn: invoices.irn, ackNo: invoices.irnAckNo, ackAt: invoices.irnAckAt, qr: invoices.irnSignedQr })
    .from(invoices)
    .where(eq(invoices.id, invoiceId))
    .limit(1);
  if (!row) return null;
  if (row.irn && row.ackNo && row.ackAt && row.qr) return { irn: row.irn, ackNo: row.ackNo, ackDateIst: formatIstDateTime(row.ackAt), signedQrCode: row.qr };
  if (!irp) return null;
  const built = buildInv01(row.snapshot as IssuedInvoiceView, row.issuedAt);
  if (!built.ok) {
    if (!built.reason.startsWith("not a B2B")) log.warn("e-invoice not registered", { invoiceId, reason: built.reason });
    return null;
  }
  const registered = await irp.generateIrn(built.payload);
  await db
    .update(invoices)
    .set({ irn: registered.irn, irnAckNo: registered.ackNo, irnAckAt: registered.ackAt, irnSignedQr: registered.signedQrCode })
    .where(and(eq(invoices.id, invoiceId), isNull(invoices.irn)));
  return ensureEInvoice(db, invoiceId, null);
}
