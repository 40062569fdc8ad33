import { describe, expect, it } from "vitest";
import { disputedCredits } from "./apply-dispute-event";

describe("disputedCredits", () => {
  it.each([
    [20_000n, { credits: 500n, amountPaise: 50_000n }, 200n],
    [50_000n, { credits: 500n, amountPaise: 50_000n }, 500n],
    [99_999n, { credits: 500n, amountPaise: 50_000n }, 500n], // never more than the order's credits
    [333n, { credits: 100n, amountPaise: 10_000n }, 3n], // floor
    [149_900n, { credits: 2_000n, amountPaise: 149_900n }, 2_000n], // a plan: its included credits
    [1n, { credits: 0n, amountPaise: 0n }, 0n],
  ])("%s paise of %o → %s credits", (amountPaise, order, credits) => {
    expect(disputedCredits(amountPaise, order)).toBe(credits);
  });
});
