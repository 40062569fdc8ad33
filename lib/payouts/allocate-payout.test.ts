import { describe, expect, it } from "vitest";
import { allocatePayout, creditsLeftOn, type AllocatableOrder } from "./allocate-payout";

const order = (orderId: string, credits: bigint, amountPaise: bigint, priorCredits = 0n, priorAmountPaise = 0n): AllocatableOrder => ({
  orderId,
  orderCredits: credits,
  orderAmountPaise: amountPaise,
  priorCredits,
  priorAmountPaise,
});

describe("allocatePayout (orders given newest first)", () => {
  it.each([
    { name: "fits in the newest order", credits: 30n, want: [{ orderId: "new", credits: 30n, amountPaise: 3540n }] },
    {
      name: "spills into the older order once the newest is used up",
      credits: 130n,
      want: [
        { orderId: "new", credits: 100n, amountPaise: 11800n },
        { orderId: "old", credits: 30n, amountPaise: 3000n },
      ],
    },
    {
      name: "takes everything left",
      credits: 300n,
      want: [
        { orderId: "new", credits: 100n, amountPaise: 11800n },
        { orderId: "old", credits: 200n, amountPaise: 20000n },
      ],
    },
  ])("$name", ({ credits, want }) => {
    expect(allocatePayout([order("new", 100n, 11800n), order("old", 200n, 20000n)], credits)).toEqual(want);
  });

  it("skips what refunds and payouts already took, and the last part takes the exact remainder of the money", () => {
    // 3 credits bought for ₹10.00: 1 refunded for 333 paise; the other 2 are the remaining 667 paise exactly.
    const allocations = allocatePayout([order("a", 3n, 1000n, 1n, 333n)], 2n);
    expect(allocations).toEqual([{ orderId: "a", credits: 2n, amountPaise: 667n }]);
    expect(allocatePayout([order("full", 10n, 1000n, 10n, 1000n), order("b", 10n, 1000n)], 5n)).toEqual([{ orderId: "b", credits: 5n, amountPaise: 500n }]);
  });

  it("refuses more than the orders have left, and a non-positive amount", () => {
    expect(allocatePayout([order("a", 10n, 1000n, 4n, 400n)], 7n)).toBeNull();
    expect(creditsLeftOn([order("a", 10n, 1000n, 4n, 400n), order("b", 5n, 500n, 9n, 900n)])).toBe(6n);
    expect(() => allocatePayout([order("a", 10n, 1000n)], 0n)).toThrow(RangeError);
  });
});
