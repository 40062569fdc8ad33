import { expect, it } from "vitest";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { getLowBalanceThreshold, setLowBalanceThreshold } from "./low-balance-threshold";
import { setLowBalanceThresholdSchema } from "./low-balance-threshold-schema";

describeWithDatabase("low-balance threshold", (ctx) => {
  it("sets, reads and clears the threshold for one account only", async () => {
    const a = await createAccount(ctx.db);
    const b = await createAccount(ctx.db);
    expect(await setLowBalanceThreshold(ctx.db, a.accountId, 500)).toEqual({ low_balance_threshold: 500n });
    expect(await getLowBalanceThreshold(ctx.db, a.accountId)).toEqual({ low_balance_threshold: 500n });
    expect(await getLowBalanceThreshold(ctx.db, b.accountId)).toEqual({ low_balance_threshold: null });
    expect(await setLowBalanceThreshold(ctx.db, a.accountId, null)).toEqual({ low_balance_threshold: null });
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
