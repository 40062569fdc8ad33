import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { ledgerEntries } from "@/lib/db/schema";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, ledgerInvariant } from "@/lib/testing/factories";
import { holdCredits } from "./hold-credits";
import { releaseCredits } from "./release-credits";

describeWithDatabase("holdCredits / releaseCredits", (ctx) => {
  it("holds up to the balance, once per cause; releases once; the balance never goes negative", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 70n });
    const hold = (upToCredits: bigint, causeKey = "dispute:t1") =>
      ctx.db.transaction((tx) => holdCredits(tx, { accountId, kind: "dispute_hold", upToCredits, causeKey, description: "test hold" }));

    expect(await hold(100n)).toEqual({ heldCredits: 70n, alreadyHeld: false, balanceAfterCredits: 0n });
    expect(await hold(100n)).toEqual({ heldCredits: 0n, alreadyHeld: true, balanceAfterCredits: 0n });
    expect(await hold(5n, "dispute:t2")).toEqual({ heldCredits: 0n, alreadyHeld: false, balanceAfterCredits: 0n });
    expect(await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.causeKey, "dispute:t2"))).toEqual([]);

    const release = () =>
      ctx.db.transaction((tx) => releaseCredits(tx, { accountId, kind: "dispute_release", amountCredits: 70n, causeKey: "dispute:t1:release", description: "test release" }));
    expect(await release()).toEqual({ released: true, balanceAfterCredits: 70n });
    expect(await release()).toEqual({ released: false, balanceAfterCredits: 70n });

    const inv = await ledgerInvariant(ctx.db, accountId);
    expect(inv).toEqual({ balance: 70n, ledgerSum: 70n, minBalanceAfter: 0n });
  });

  it("concurrent holds of different causes never take more than the balance", async () => {
    const { accountId } = await createAccount(ctx.db, { balanceCredits: 100n });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        ctx.db.transaction((tx) => holdCredits(tx, { accountId, kind: "dispute_hold", upToCredits: 30n, causeKey: `dispute:c${i}:${accountId}`, description: "race" })),
      ),
    );
    expect(results.reduce((sum, r) => sum + r.heldCredits, 0n)).toBe(100n);
    const inv = await ledgerInvariant(ctx.db, accountId);
    expect([inv.balance, inv.ledgerSum, inv.minBalanceAfter]).toEqual([0n, 0n, 0n]);
  });
});
