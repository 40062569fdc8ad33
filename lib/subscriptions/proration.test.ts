import { describe, expect, it } from "vitest";
import type { PlanId } from "@/lib/config/plans";
import { istDaysBetween, periodStartOf, prorateUpgrade, upgradeInvoiceLine } from "./proration";

/** An IST wall-clock time as a UTC instant. */
const ist = (iso: string) => new Date(`${iso}+05:30`);

describe("prorateUpgrade", () => {
  // from, to, period start, period end, now → days charged, days in period, paise, credits
  it.each<[PlanId, PlanId, string, string, string, number, number, bigint, bigint]>([
    // The example: Pro → Enterprise on the 2nd day of a 31-day period. 1,500,000 × 30 / 31 = 1,451,612.90 → down.
    ["pro", "enterprise", "2026-12-02T10:00:00", "2027-01-02T10:00:00", "2026-12-03T09:00:00", 30, 31, 1_451_612n, 18_387n],
    // On the period's first day: the whole difference.
    ["pro", "enterprise", "2026-12-02T10:00:00", "2027-01-02T10:00:00", "2026-12-02T10:00:01", 31, 31, 1_500_000n, 19_000n],
    // The last day: one day of 31. 1,500,000 / 31 = 48,387.09; 19,000 / 31 = 612.9.
    ["pro", "enterprise", "2026-12-02T10:00:00", "2027-01-02T10:00:00", "2027-01-01T23:59:59", 1, 31, 48_387n, 612n],
    // Starter → Pro in a 28-day February period, half-way: 400,000 × 14 / 28 exactly.
    ["starter", "pro", "2027-02-01T00:00:00", "2027-03-01T00:00:00", "2027-02-15T00:00:00", 14, 28, 200_000n, 2_500n],
    // Starter → Enterprise, 30-day period, 10 left: 1,900,000 × 10 / 30 = 633,333.33 → 633,333; 24,000 / 3 = 8,000.
    ["starter", "enterprise", "2026-11-05T12:00:00", "2026-12-05T12:00:00", "2026-11-25T08:00:00", 10, 30, 633_333n, 8_000n],
    // IST day boundaries: 23:59 IST is still that day (UTC is already 18:29), 00:00 IST the next.
    ["starter", "pro", "2026-11-05T12:00:00", "2026-12-05T12:00:00", "2026-11-30T23:59:00", 5, 30, 66_666n, 833n],
    ["starter", "pro", "2026-11-05T12:00:00", "2026-12-05T12:00:00", "2026-12-01T00:00:00", 4, 30, 53_333n, 666n],
  ])("%s → %s, period %s to %s, at %s: %i of %i days, %d paise, %d credits", (from, to, start, end, now, days, of, paise, credits) => {
    expect(prorateUpgrade({ from, to, periodStart: ist(start), periodEnd: ist(end), now: ist(now) })).toEqual({
      daysCharged: days,
      daysInPeriod: of,
      amountPaise: paise,
      credits,
    });
  });

  it.each<[string, PlanId, PlanId, string]>([
    ["a downgrade", "enterprise", "pro", "2026-12-10T00:00:00"],
    ["the same plan", "pro", "pro", "2026-12-10T00:00:00"],
    ["the period's end day", "pro", "enterprise", "2027-01-02T08:00:00"],
    ["after the period", "pro", "enterprise", "2027-01-05T08:00:00"],
  ])("%s: nothing to prorate (null)", (_, from, to, now) => {
    expect(prorateUpgrade({ from, to, periodStart: ist("2026-12-02T10:00:00"), periodEnd: ist("2027-01-02T10:00:00"), now: ist(now) })).toBeNull();
  });

  it("before the period started (an operator-set start): never more than the whole period", () => {
    expect(prorateUpgrade({ from: "pro", to: "enterprise", periodStart: ist("2026-12-02T10:00:00"), periodEnd: ist("2027-01-02T10:00:00"), now: ist("2026-11-20T10:00:00") })).toMatchObject({
      daysCharged: 31,
      amountPaise: 1_500_000n,
    });
  });
});

describe("period days and the invoice line", () => {
  it.each([
    ["2027-01-02T10:00:00", "2026-12-02T10:00:00"],
    ["2027-03-01T00:00:00", "2027-02-01T00:00:00"],
    ["2027-03-28T06:00:00", "2027-02-28T06:00:00"],
    ["2027-03-31T06:00:00", "2027-02-28T06:00:00"],
  ])("the period ending %s started %s (IST)", (end, start) => {
    expect(periodStartOf(ist(end))).toEqual(ist(start));
  });

  it("IST days between two instants count IST dates", () => {
    expect(istDaysBetween(ist("2026-12-31T23:59:59"), ist("2027-01-01T00:00:00"))).toBe(1);
    expect(istDaysBetween(ist("2026-12-01T00:00:00"), ist("2026-12-01T23:59:59"))).toBe(0);
  });

  it("prints the issue's example", () => {
    expect(
      upgradeInvoiceLine({ from: "pro", to: "enterprise", start: ist("2026-12-03T09:00:00"), periodEnd: ist("2027-01-02T10:00:00"), daysCharged: 30, daysInPeriod: 31 }),
    ).toBe("Upgrade Pro → Enterprise, 03 Dec 2026 to 01 Jan 2027 (30 of 31 days)");
  });
});
