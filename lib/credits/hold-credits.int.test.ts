import { expect, it } from "vitest";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, ledgerInvariant } from "@/lib/testing/factories";
import { grantCredits } from "./grant-credits";
import { holdCredits } from "./hold-credits";
import { releaseCredits } from "./release-credits";

describeWithDatabase("holdCredits / releaseCredits", (ctx) => {
  it("holds once per cause, never below zero; releases once", async () => {
    const { accountId } = await createAccount(ctx.db);
    await ctx.db.transaction((tx) => grantCredits(tx, { accountId, kind: "adjustment", amountCredits: 50n, causeKey: `test:${accountId}`, description: "seed" }));
    const hold = (amountCredits: bigint, causeKey: string) =>
      ctx.db.transaction((tx) => holdCredits(tx, { accountId, kind: "refund", amountCredits, causeKey, description: "hold" }));

    expect(await hold(60n, `refund:a:${accountId}`)).toEqual({ outcome: "insufficient_balance", balanceCredits: 50n });
    expect(await hold(30n, `refund:b:${accountId}`)).toMatchObject({ outcome: "held", balanceAfterCredits: 20n });
    expect(await hold(30n, `refund:b:${accountId}`)).toEqual({ outcome: "already_held", balanceAfterCredits: 20n });
    const release = () =>
      ctx.db.transaction((tx) => releaseCredits(tx, { accountId, kind: "refund_release", amountCredits: 30n, causeKey: `refund:b:${accountId}:release`, description: "release" }));
    expect(await release()).toEqual({ released: true, balanceAfterCredits: 50n });
    expect(await release()).toEqual({ released: false, balanceAfterCredits: 50n });
    expect(await ledgerInvariant(ctx.db, accountId)).toEqual({ balance: 50n, ledgerSum: 50n, minBalanceAfter: 20n });
  });
});
