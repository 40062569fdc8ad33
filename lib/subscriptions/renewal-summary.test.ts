import { describe, expect, it } from "vitest";
import { renewalSummary, upgradeQuote } from "./renewal-summary";
import type { SubscriptionRow } from "./subscription-view";

const at = new Date("2027-01-01T04:30:00Z");
const row = (over: Partial<SubscriptionRow> = {}): SubscriptionRow => ({
  id: "sub_1",
  accountId: "acc_1",
  plan: "pro",
  cfSubscriptionId: "1",
  cfSessionId: "s",
  cashfreeEnv: "emulator",
  status: "active",
  maxAmountPaise: 499_900n,
  mandateAuthorisedAt: at,
  currentPeriodEnd: new Date("2027-01-02T04:30:00Z"),
  nextChargeAt: at,
  scheduledPlan: null,
  cancelAtPeriodEnd: false,
  createdAt: at,
  updatedAt: at,
  ...over,
});

describe("renewalSummary", () => {
  it("an active mandate: the next charge at the renewal plan's price; a scheduled downgrade's lower price", () => {
    expect(renewalSummary(row())).toMatchObject({ nextCharge: { at, amountPaise: 499_900n, plan: "pro" }, held: null, mandate: { maxAmountPaise: 499_900n } });
    expect(renewalSummary(row({ scheduledPlan: "starter" }))).toMatchObject({ nextCharge: { amountPaise: 99_900n, plan: "starter" }, scheduledPlan: "starter" });
  });
  it("no charge when cancelled at the period's end, or when the plan costs more than the mandate allows", () => {
    expect(renewalSummary(row({ cancelAtPeriodEnd: true }))).toMatchObject({ nextCharge: null, held: "cancel_at_period_end" });
    expect(renewalSummary(row({ plan: "enterprise", nextChargeAt: null }))).toMatchObject({ nextCharge: null, held: "mandate_below_price" });
  });
  it("the mandate's methods follow RBI's AFA limit", () => {
    expect(renewalSummary(row()).mandate.methods).toMatch(/^UPI, card or eNACH/);
    expect(renewalSummary(row({ plan: "enterprise", maxAmountPaise: 1_999_900n })).mandate.methods).toBe("eNACH or physical NACH");
  });
  it("the page's upgrade quote is the server's proration", () => {
    expect(upgradeQuote("pro", "enterprise", new Date("2027-01-02T04:30:00Z"), new Date("2026-12-03T03:30:00Z"))).toMatchObject({ daysCharged: 30, daysInPeriod: 31, amountPaise: 1_451_612n });
  });
});
