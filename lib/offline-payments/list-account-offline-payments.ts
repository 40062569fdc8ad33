import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { invoices, offlinePayments } from "@/lib/db/schema";
import { toOfflinePaymentView, type OfflinePaymentView } from "./offline-payment-view";

export type AccountOfflinePayment = OfflinePaymentView & { invoice_number: string | null };

/** One account's offline payments (its Payments page, `payments:read`), newest first, with their invoice numbers. */
export async function listAccountOfflinePayments(db: Executor, accountId: string, limit = 50): Promise<AccountOfflinePayment[]> {
  const rows = await db
    .select({ payment: offlinePayments, invoiceNumber: invoices.invoiceNumber })
    .from(offlinePayments)
    .leftJoin(invoices, and(eq(invoices.orderId, offlinePayments.orderId), eq(invoices.accountId, accountId)))
    .where(eq(offlinePayments.accountId, accountId))
    .orderBy(desc(offlinePayments.recordedAt), desc(offlinePayments.id))
    .limit(limit);
  return rows.map((r) => ({ ...toOfflinePaymentView(r.payment), invoice_number: r.invoiceNumber }));
}
