import { TEAM_SCOPE, type HistoryScope } from "@/lib/auth/history-scope";
import type { Executor } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { historyQuerySchema } from "@/lib/orders/history-query";
import { listHistory, type HistoryPaymentView } from "@/lib/orders/list-history";

/**
 * GET /api/v1/payments/:payment_id: one of the account's payments, as the payment history shows it (listHistory
 * with its `paymentid` filter: an order id cm_… — checkout, pay-in or offline — or an offline payment id op_…).
 * Another account's payment, or none, is a 404; so is another member's for a member (`scope`, historyScope).
 */
export async function getPayment(db: Executor, input: { accountId: string; paymentId: string; scope?: HistoryScope }, now: Date = new Date()): Promise<HistoryPaymentView> {
  const query = historyQuerySchema.safeParse({ paymentid: input.paymentId, limit: "1" });
  if (!query.success) throw notFound("Payment");
  const result = await listHistory(db, input.accountId, query.data, now, input.scope ?? TEAM_SCOPE);
  const payment = "payments" in result ? result.payments[0] : undefined;
  if (!payment) throw notFound("Payment");
  return payment;
}
