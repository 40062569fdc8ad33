// Demo history for `npm run dev` only (SEED_DEMO_HISTORY=1): two paid top-ups settled through the real settlement
// function (ledger grants, GST invoices KH-…-000001/2) and a few usage events, so a first look at the dashboard
// shows a balance, payments, invoices and this month's usage. The e2e suite seeds without it.
import { consumeCredits } from "@/lib/credits/consume-credits";
import type { Db } from "@/lib/db";
import { orders } from "@/lib/db/schema";
import { newOrderId } from "@/lib/ids";
import { settleOrder } from "@/lib/orders/settle-order";

export async function seedDemoHistory(db: Db, input: { accountId: string; ownerUserId: string }) {
  const topUps = [
    { credits: 5000n, daysAgo: 9 },
    { credits: 1000n, daysAgo: 2 },
  ];
  for (const [i, t] of topUps.entries()) {
    const orderId = newOrderId();
    const at = new Date(Date.now() - t.daysAgo * 24 * 60 * 60 * 1000);
    await db.insert(orders).values({
      id: orderId,
      accountId: input.accountId,
      createdByUserId: input.ownerUserId,
      type: "credit_topup",
      credits: t.credits,
      amountPaise: t.credits * 100n,
      cashfreeEnv: "emulator",
      createdAt: at,
    });
    const settled = await settleOrder(db, {
      orderId,
      payment: { cfPaymentId: `demo_${i + 1}`, status: "SUCCESS", amount: Number(t.credits), currency: "INR" },
      now: at,
    });
    if (settled.outcome !== "paid") throw new Error(`demo top-up ${orderId} did not settle: ${settled.outcome}`);
  }
  for (const [i, credits] of [180n, 95n, 240n, 60n].entries()) {
    await consumeCredits(db, { accountId: input.accountId, amountCredits: credits, idempotencyKey: `demo-usage-${i + 1}`, description: "Demo API usage" });
  }
}
