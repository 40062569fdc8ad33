import { describe, expect, it } from "vitest";
import { refundableCredits, refundAmountPaise } from "./refundable-credits";

describe("refundableCredits", () => {
  it.each([
    // order, committed, balance, coupon → refundable
    { order: 500n, committed: 0n, balance: 800n, coupon: 0n, expected: 500n },
    { order: 500n, committed: 200n, balance: 800n, coupon: 0n, expected: 300n },
    { order: 500n, committed: 0n, balance: 350n, coupon: 0n, expected: 350n },
    { order: 500n, committed: 0n, balance: 350n, coupon: 100n, expected: 250n },
    { order: 500n, committed: 0n, balance: 80n, coupon: 100n, expected: 0n },
    { order: 500n, committed: 500n, balance: 900n, coupon: 0n, expected: 0n },
    { order: 500n, committed: 0n, balance: 0n, coupon: 0n, expected: 0n },
  ])("order $order, committed $committed, balance $balance, coupon $coupon → $expected", ({ order, committed, balance, coupon, expected }) => {
    expect(refundableCredits({ orderCredits: order, committedCredits: committed, balanceCredits: balance, couponCredits: coupon })).toBe(expected);
  });
});

describe("refundAmountPaise", () => {
  it.each([
    // top-ups: 100 paise a credit
    { credits: 250n, orderCredits: 500n, amount: 50_000n, priorCredits: 0n, priorPaise: 0n, expected: 25_000n },
    // rounds down until the last refund, which takes the exact remainder
    { credits: 1n, orderCredits: 3n, amount: 1_000n, priorCredits: 0n, priorPaise: 0n, expected: 333n },
    { credits: 1n, orderCredits: 3n, amount: 1_000n, priorCredits: 1n, priorPaise: 333n, expected: 333n },
    { credits: 1n, orderCredits: 3n, amount: 1_000n, priorCredits: 2n, priorPaise: 666n, expected: 334n },
    { credits: 500n, orderCredits: 500n, amount: 59_000n, priorCredits: 0n, priorPaise: 0n, expected: 59_000n },
  ])("$credits of $orderCredits credits ($amount paise, $priorCredits refunded) → $expected", ({ credits, orderCredits, amount, priorCredits, priorPaise, expected }) => {
    expect(refundAmountPaise({ credits, orderCredits, orderAmountPaise: amount, priorCredits, priorAmountPaise: priorPaise })).toBe(expected);
  });

  it("refuses more than the order's credits", () => {
    expect(() => refundAmountPaise({ credits: 2n, orderCredits: 3n, orderAmountPaise: 300n, priorCredits: 2n, priorAmountPaise: 200n })).toThrow(RangeError);
  });
});
