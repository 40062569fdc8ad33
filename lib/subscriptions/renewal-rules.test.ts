import { describe, expect, it } from "vitest";
import { PLANS } from "@/lib/config/plans";
import { chargeTimeAfterNotice, cycleKeyOf, mandatePaymentMethods, nextChargeAt, renewalOrderId, renewalPaymentId } from "./renewal-rules";

describe("renewal rules", () => {
  it("a cycle is the IST date its period ends (an evening UTC end is the next IST day)", () => {
    expect(cycleKeyOf(new Date("2027-01-04T18:29:59Z"))).toBe("2027-01-04");
    expect(cycleKeyOf(new Date("2027-01-04T18:30:00Z"))).toBe("2027-01-05");
  });

  it("ids derive from (account, cycle) alone: the same inputs, the same ids; another cycle or account, others", () => {
    expect(renewalPaymentId("acc_1", "2027-01-05")).toBe(renewalPaymentId("acc_1", "2027-01-05"));
    expect(renewalPaymentId("acc_1", "2027-01-05")).not.toBe(renewalPaymentId("acc_1", "2027-02-05"));
    expect(renewalPaymentId("acc_1", "2027-01-05")).not.toBe(renewalPaymentId("acc_2", "2027-01-05"));
    expect(renewalOrderId("acc_1", "2027-01-05")).toMatch(/^cm_[0-9a-f]{16}$/);
    expect(renewalPaymentId("acc_1", "2027-01-05")).toMatch(/^rn_[0-9a-f]{16}$/);
  });

  it("charged a day before the period ends, and never sooner than 24 h after the pre-debit notice", () => {
    const end = new Date("2027-01-05T06:00:00Z");
    expect(nextChargeAt(end).toISOString()).toBe("2027-01-04T06:00:00.000Z");
    const planned = nextChargeAt(end);
    expect(chargeTimeAfterNotice(planned, new Date("2027-01-01T00:00:00Z"))).toEqual(planned);
    expect(chargeTimeAfterNotice(planned, new Date("2027-01-03T12:00:00Z")).toISOString()).toBe("2027-01-04T12:00:00.000Z");
  });

  it.each([
    ["starter", undefined],
    ["pro", undefined],
    ["enterprise", ["enach", "pnach"]],
  ] as const)("%s: mandate methods above RBI's ₹15,000 AFA limit are NACH only", (plan, methods) => {
    expect(mandatePaymentMethods(PLANS[plan].monthlyPricePaise)).toEqual(methods);
  });
});
