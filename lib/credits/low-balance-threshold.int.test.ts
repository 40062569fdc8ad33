import { expect, it } from "vitest";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { getLowBalanceThreshold, setLowBalanceThreshold } from "./low-balance-threshold";
import { setLowBalanceThresholdSchema } from "./low-balance-threshold-schema";

describeWithDatabase("low-balance threshold", (ctx) => {
  it("sets, reads and clears the threshold for one account only", async () => {
    const a = await createAccount(ctx.db);
    const b = await createAccount(ctx.db);
    expect(await setLowBalanceThreshold(ctx.db, a.accountId, 2_000)).toBe(2_000n);
    expect(await getLowBalanceThreshold(ctx.db, a.accountId)).toBe(2_000n);
    expect(await getLowBalanceThreshold(ctx.db, b.accountId)).toBeNull();
    expect(await setLowBalanceThreshold(ctx.db, a.accountId, null)).toBeNull();
  });
});

it.each([
  [{ low_balance_threshold: 1.5 }, false],
  [{ low_balance_threshold: "100" }, false],
  [{ low_balance_threshold: -1 }, false],
  [{}, false],
  [{ low_balance_threshold: null }, true],
  [{ low_balance_threshold: 0 }, true],
])("schema %j → valid %s", (input, valid) => {
  expect(setLowBalanceThresholdSchema.safeParse(input).success).toBe(valid);
});
