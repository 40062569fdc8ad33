import { describe, expect, it } from "vitest";
import { creditNoteDeadline, deadlineWarning } from "./credit-note-deadline";

describe("creditNoteDeadline (s.34(2): 30 November after the financial year's end, IST)", () => {
  it.each([
    ["first instant of FY 2026-27 (1 Apr 00:00 IST)", "2026-03-31T18:30:00.000Z", "2027-11-30T18:30:00.000Z", "30 Nov 2027"],
    ["last instant of FY 2025-26 (31 Mar 23:59:59.999 IST)", "2026-03-31T18:29:59.999Z", "2026-11-30T18:30:00.000Z", "30 Nov 2026"],
    ["mid-year", "2026-11-23T06:00:00.000Z", "2027-11-30T18:30:00.000Z", "30 Nov 2027"],
    ["January belongs to the FY that began the April before", "2027-01-15T10:00:00.000Z", "2027-11-30T18:30:00.000Z", "30 Nov 2027"],
    ["leap-year February", "2028-02-29T12:00:00.000Z", "2028-11-30T18:30:00.000Z", "30 Nov 2028"],
  ])("%s", (_label, issued, endUtc, lastDay) => {
    const d = creditNoteDeadline(new Date(issued));
    expect(d.endUtc.toISOString()).toBe(endUtc);
    expect(d.lastDayIst).toBe(lastDay);
  });
});

describe("deadlineWarning", () => {
  const invoiceAt = new Date("2026-11-23T06:00:00Z"); // FY 2026-27 → last day 30 Nov 2027 IST
  it.each([
    ["well before", "2027-06-01T00:00:00Z", null, null],
    ["31 days before the end", "2027-10-30T18:30:00Z", null, null],
    ["30 days before the end", "2027-10-31T18:30:00Z", "near", 30],
    ["the last day, 23:59 IST", "2027-11-30T18:29:00Z", "near", 1],
    ["1 Dec 00:00 IST", "2027-11-30T18:30:00Z", "past", null],
    ["years later", "2030-01-01T00:00:00Z", "past", null],
  ] as const)("%s", (_label, now, level, daysLeft) => {
    const w = deadlineWarning(invoiceAt, new Date(now));
    if (level === null) return expect(w).toBeNull();
    expect(w).toMatchObject({ level, lastDayIst: "30 Nov 2027", message: expect.stringContaining("30 Nov 2027") });
    if (daysLeft !== null) expect(w).toMatchObject({ daysLeft });
  });
});
