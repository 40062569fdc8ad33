import { describe, expect, it } from "vitest";
import { addOneMonthIst } from "@/lib/money/ist";
import { parseAmountFilter } from "./history-query";
import { paiseToRupees } from "@/lib/money/format-inr";
import { apiStatusOf } from "./order-view";
import { activePlanOf, planPurchaseEffect } from "./plan-period";
import { rupeeAmountToPaise } from "./settle-order";

describe("amount filter", () => {
  it.each([
    ["<50", "<", 5000n],
    ["<=10", "<=", 1000n],
    ["≤10", "<=", 1000n],
    [">=80", ">=", 8000n],
    ["≥80", ">=", 8000n],
    [">100", ">", 10000n],
    ["=100", "=", 10000n],
    ["100", "=", 10000n],
    ["<= 999.99", "<=", 99999n],
    ["=0.5", "=", 50n],
  ])("%s", (input, op, paise) => {
    expect(parseAmountFilter(input)).toEqual({ op, paise });
  });
  it.each(["", "<", "=<5", "<<5", "5.123", "-5", "1e3", "abc", "5,000"])("rejects %j", (input) => {
    expect(parseAmountFilter(input)).toBeNull();
  });
});

describe("money conversions", () => {
  it("rupees ↔ paise exactly", () => {
    expect(paiseToRupees(500000n)).toBe(5000);
    expect(paiseToRupees(99999n)).toBe(999.99);
    expect(rupeeAmountToPaise(999.99)).toBe(99999n);
    expect(rupeeAmountToPaise(5000)).toBe(500000n);
    expect(rupeeAmountToPaise(0.1 + 0.2)).toBe(30n);
    expect(rupeeAmountToPaise(10.005)).toBeNull();
    expect(rupeeAmountToPaise(Number.NaN)).toBeNull();
  });
});

describe("order status as shown", () => {
  const now = new Date("2026-11-23T10:00:00Z");
  it("maps statuses, and an ACTIVE order past its expiry shows as expired", () => {
    expect(apiStatusOf({ status: "ACTIVE", expiresAt: new Date("2026-11-23T11:00:00Z") }, now)).toBe("pending");
    expect(apiStatusOf({ status: "ACTIVE", expiresAt: new Date("2026-11-23T09:00:00Z") }, now)).toBe("expired");
    expect(apiStatusOf({ status: "PAID", expiresAt: null }, now)).toBe("paid");
    expect(apiStatusOf({ status: "TERMINATED", expiresAt: null }, now)).toBe("cancelled");
  });
});

describe("plan periods", () => {
  const paidAt = new Date("2027-01-31T06:00:00Z");
  it("the active plan lapses to free at its expiry", () => {
    expect(activePlanOf({ plan: "pro", planExpiresAt: new Date("2027-02-01T00:00:00Z") }, paidAt)).toMatchObject({ plan: "pro", rank: 2 });
    expect(activePlanOf({ plan: "pro", planExpiresAt: paidAt }, paidAt)).toMatchObject({ plan: "free", rank: 0 });
    expect(activePlanOf({ plan: "free", planExpiresAt: null }, paidAt)).toMatchObject({ plan: "free" });
  });
  it("an upgrade starts at payment and runs one IST month (31 Jan → 28 Feb)", () => {
    const effect = planPurchaseEffect({ plan: "starter", rank: 1, expiresAt: new Date("2027-02-10T00:00:00Z") }, "pro", paidAt);
    expect(effect).toEqual({ kind: "start", periodStart: paidAt, periodEnd: addOneMonthIst(paidAt) });
    expect(addOneMonthIst(paidAt).toISOString()).toBe("2027-02-28T06:00:00.000Z");
  });
  it("the same plan paid again extends from the current expiry; a lower plan changes nothing", () => {
    const expiresAt = new Date("2027-02-10T00:00:00Z");
    expect(planPurchaseEffect({ plan: "pro", rank: 2, expiresAt }, "pro", paidAt)).toEqual({
      kind: "extend",
      periodStart: expiresAt,
      periodEnd: addOneMonthIst(expiresAt),
    });
    expect(planPurchaseEffect({ plan: "pro", rank: 2, expiresAt }, "starter", paidAt)).toEqual({ kind: "lower", activePlan: "pro" });
  });
});
