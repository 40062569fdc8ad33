import { describe, expect, it } from "vitest";
import { remainingCredits } from "./remaining-credits";

describe("remainingCredits", () => {
  it.each([
    // balance, cap, used → under cap, consumable
    { balance: 100n, cap: null, used: 0n, underCap: null, consumable: 100n },
    { balance: 100n, cap: null, used: 5_000n, underCap: null, consumable: 100n },
    { balance: 0n, cap: null, used: 0n, underCap: null, consumable: 0n },
    { balance: 100n, cap: 50n, used: 7n, underCap: 43n, consumable: 43n },
    { balance: 30n, cap: 50n, used: 7n, underCap: 43n, consumable: 30n },
    { balance: 43n, cap: 50n, used: 7n, underCap: 43n, consumable: 43n },
    { balance: 100n, cap: 50n, used: 50n, underCap: 0n, consumable: 0n },
    { balance: 100n, cap: 100n, used: 300n, underCap: 0n, consumable: 0n }, // cap lowered below usage: never negative
    { balance: 100n, cap: 0n, used: 0n, underCap: 0n, consumable: 0n },
    { balance: 0n, cap: 500n, used: 120n, underCap: 380n, consumable: 0n },
  ])("balance $balance, cap $cap, used $used → under cap $underCap, consumable $consumable", ({ balance, cap, used, underCap, consumable }) => {
    expect(remainingCredits({ balanceCredits: balance, capCredits: cap, usedThisMonthCredits: used })).toEqual({
      underCapCredits: underCap,
      consumableCredits: consumable,
    });
  });
});
