import { count, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { invoices, orders } from "@/lib/db/schema";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile, ledgerInvariant } from "@/lib/testing/factories";
import { seedDemoHistory } from "./seed-demo-history";

describeWithDatabase("npm run dev's demo history", (ctx) => {
  it("two top-ups settled through settlement (paid, invoiced) and some usage; balance = ledger sum", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    await seedDemoHistory(ctx.db, { accountId, ownerUserId: ownerId });

    const paid = await ctx.db.select({ status: orders.status, paidAt: orders.paidAt }).from(orders).where(eq(orders.accountId, accountId));
    expect(paid.map((o) => o.status)).toEqual(["PAID", "PAID"]);
    expect(paid.every((o) => o.paidAt !== null && o.paidAt.getTime() < Date.now() - 24 * 60 * 60 * 1000)).toBe(true);
    const [issued] = await ctx.db.select({ n: count() }).from(invoices).where(eq(invoices.accountId, accountId));
    expect(issued!.n).toBe(2);
    const ledger = await ledgerInvariant(ctx.db, accountId);
    expect(ledger.balance).toBe(5000n + 1000n - (180n + 95n + 240n + 60n));
    expect(ledger.ledgerSum).toBe(ledger.balance);
  });
});
