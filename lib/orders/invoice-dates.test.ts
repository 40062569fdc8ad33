import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { addOneMonthIst } from "@/lib/money/ist";
import { timeOfSupply, topUpInvoiceDescription } from "./apply-payment";
import { planPeriodLabel } from "./plan-period";

describe("timeOfSupply", () => {
  const now = new Date("2027-03-31T18:35:00Z"); // 00:05 IST, 1 April 2027
  it.each<[string, string | null | undefined, string]>([
    ["Cashfree's payment time (23:59 IST on 31 March)", "2027-03-31T23:59:00+05:30", "2027-03-31T18:29:00.000Z"],
    ["a UTC timestamp", "2027-03-31T18:00:00Z", "2027-03-31T18:00:00.000Z"],
    ["exactly now", "2027-04-01T00:05:00+05:30", "2027-03-31T18:35:00.000Z"],
    ["in the future (clock skew) → settlement time", "2027-04-01T00:06:00+05:30", "2027-03-31T18:35:00.000Z"],
    ["missing → settlement time", undefined, "2027-03-31T18:35:00.000Z"],
    ["null → settlement time", null, "2027-03-31T18:35:00.000Z"],
    ["unparseable → settlement time", "yesterday", "2027-03-31T18:35:00.000Z"],
  ])("%s", (_label, paidAtText, expected) => {
    expect(timeOfSupply({ paidAtText }, now).toISOString()).toBe(expected);
  });
});

describe("planPeriodLabel: the last day inclusive", () => {
  it.each<[string, string, string]>([
    ["2 Dec 10:00 IST", "2026-12-02T04:30:00Z", "02 Dec 2026 to 01 Jan 2027"],
    ["31 Jan → end of February", "2027-01-31T06:00:00Z", "31 Jan 2027 to 27 Feb 2027"],
    ["00:00 IST start", "2026-11-22T18:30:00Z", "23 Nov 2026 to 22 Dec 2026"],
    ["23:59 IST start", "2026-11-23T18:29:00Z", "23 Nov 2026 to 22 Dec 2026"],
  ])("%s", (_label, startIso, expected) => {
    const start = new Date(startIso);
    expect(planPeriodLabel(start, addOneMonthIst(start))).toBe(expected);
  });
});

describe("prepaid credits description", () => {
  it("says what is supplied, by default and as configured", () => {
    expect(parseEnv({}).PREPAID_CREDITS_DESCRIPTION).toBe("API access services — prepaid usage credits");
    expect(parseEnv({ PREPAID_CREDITS_DESCRIPTION: "Messaging API — prepaid credits" }).PREPAID_CREDITS_DESCRIPTION).toBe("Messaging API — prepaid credits");
    expect(() => parseEnv({ PREPAID_CREDITS_DESCRIPTION: " " })).toThrow(/PREPAID_CREDITS_DESCRIPTION/);
    expect(topUpInvoiceDescription(5000n)).toBe("API access services — prepaid usage credits (5,000 credits)");
  });
});
