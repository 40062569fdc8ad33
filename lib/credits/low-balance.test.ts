import { describe, expect, it } from "vitest";
import { crossedLowBalance, DEFAULT_LOW_BALANCE_THRESHOLD_CREDITS, effectiveLowBalanceThreshold, isLowBalance } from "./low-balance";

describe("low balance", () => {
  it("defaults to 500 credits; the account's own threshold (0 included) overrides it", () => {
    expect(DEFAULT_LOW_BALANCE_THRESHOLD_CREDITS).toBe(500n);
    expect(effectiveLowBalanceThreshold(null)).toBe(500n);
    expect(effectiveLowBalanceThreshold(0n)).toBe(0n);
    expect(effectiveLowBalanceThreshold(2_000n)).toBe(2_000n);
  });

  it.each([
    [501n, null, false],
    [500n, null, true],
    [0n, null, true],
    [1_999n, 2_000n, true],
    [2_001n, 2_000n, false],
    [1n, 0n, false],
    [0n, 0n, true],
  ])("balance %s with configured %s → low %s", (balance, configured, low) => {
    expect(isLowBalance(balance, configured)).toBe(low);
  });

  it.each([
    [600n, 500n, null, true],
    [600n, 501n, null, false],
    [500n, 400n, null, false], // already low before: the crossing was alerted then
    [10n, 5n, 5n, true],
    [6n, 5n, 5n, true],
    [5n, 4n, 5n, false],
    [1n, 0n, 0n, true],
  ])("before %s, after %s, configured %s → crossed %s", (before, after, configured, crossed) => {
    expect(crossedLowBalance({ beforeCredits: before, afterCredits: after, configuredCredits: configured })).toBe(crossed);
  });
});
