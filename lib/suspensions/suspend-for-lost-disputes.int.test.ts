import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { accountSuspensions, accounts, disputes, outboxEvents } from "@/lib/db/schema";
import { resolveDispute } from "@/lib/disputes/resolve-dispute";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { createInvoicedOrder, insertLostDispute } from "@/lib/testing/invoices";
import { suspendAccount } from "./suspend-account";
import { LOST_DISPUTES_TO_SUSPEND, LOST_DISPUTES_WINDOW_DAYS } from "./suspend-for-lost-disputes";

const DAY = 86_400_000;
const NOW = new Date("2026-11-30T06:00:00Z");

describeWithDatabase("the automatic misuse rule: lost chargebacks within 90 days", (ctx) => {
  /** An account with `lostDaysAgo.length` lost disputes resolved that many days before NOW, and one open dispute. */
  async function accountWithLosses(lostDaysAgo: number[]) {
    const { accountId } = await createAccount(ctx.db);
    for (const daysAgo of lostDaysAgo) {
      const { order } = await createInvoicedOrder(ctx.db, { accountId, totalPaise: 10_000n });
      const id = await insertLostDispute(ctx.db, { accountId, orderId: order.id, amountPaise: 10_000n });
      await ctx.db.update(disputes).set({ resolvedAt: new Date(NOW.getTime() - daysAgo * DAY) }).where(eq(disputes.id, id));
    }
    const { order } = await createInvoicedOrder(ctx.db, { accountId, totalPaise: 10_000n });
    const [open] = await ctx.db
      .insert(disputes)
      .values({
        id: `dsp_open_${order.id}`,
        cfDisputeId: `cf_open_${order.id}`,
        accountId,
        orderId: order.id,
        disputeType: "CHARGEBACK",
        cfStatus: "CHARGEBACK_CREATED",
        amountPaise: 10_000n,
        resolution: "open",
      })
      .returning();
    const lose = () => ctx.db.transaction((tx) => resolveDispute(tx, { id: order.id, accountId, amountPaise: 10_000n }, open!, "lost", NOW));
    return { accountId, lose };
  }
  const suspensionsOf = (accountId: string) => ctx.db.select().from(accountSuspensions).where(eq(accountSuspensions.accountId, accountId));

  it(`the ${LOST_DISPUTES_TO_SUSPEND}rd loss within ${LOST_DISPUTES_WINDOW_DAYS} days suspends the account (automatic, no operator) and sends user.suspended`, async () => {
    const { accountId, lose } = await accountWithLosses([10, 89]);
    expect(await lose()).toBe("lost_credit_note_issued");
    const [suspension] = await suspensionsOf(accountId);
    expect(suspension).toMatchObject({ source: "automatic", suspendedByUserId: null, liftedAt: null });
    expect(suspension!.reason).toMatch(/3 chargebacks were lost within 90 days/);
    const [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(account!.suspendedAt).toEqual(NOW);
    const events = await ctx.db.select().from(outboxEvents).where(and(eq(outboxEvents.accountId, accountId), eq(outboxEvents.eventType, "user.suspended")));
    expect(events).toHaveLength(1);
  });

  it("losses older than the window do not count; two in the window do not suspend", async () => {
    const { accountId, lose } = await accountWithLosses([5, 91, 200]);
    expect(await lose()).toBe("lost_credit_note_issued");
    expect(await suspensionsOf(accountId)).toEqual([]);
  });

  it("an account already suspended stays under its first suspension (no second row, no second event)", async () => {
    const { accountId, lose } = await accountWithLosses([1, 2, 3]);
    await ctx.db.transaction((tx) => suspendAccount(tx, { accountId, reason: "Operator review.", source: "operator", byUserId: null, now: NOW }));
    await lose();
    const rows = await suspensionsOf(accountId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reason: "Operator review.", source: "operator" });
  });
});
