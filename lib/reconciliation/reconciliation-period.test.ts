import { describe, expect, it } from "vitest";
import { previousIstDay } from "./reconciliation-period";

describe("previousIstDay", () => {
  it.each([
    // now (UTC) → yesterday in IST, as UTC instants
    ["2026-12-03T02:30:00Z", "2026-12-01T18:30:00.000Z", "2026-12-02T18:30:00.000Z"],
    ["2026-12-02T18:30:00Z", "2026-12-01T18:30:00.000Z", "2026-12-02T18:30:00.000Z"], // exactly midnight IST
    ["2026-12-02T18:29:59Z", "2026-11-30T18:30:00.000Z", "2026-12-01T18:30:00.000Z"],
    ["2027-04-01T00:00:00Z", "2027-03-30T18:30:00.000Z", "2027-03-31T18:30:00.000Z"],
  ])("%s → [%s, %s)", (now, from, to) => {
    const period = previousIstDay(new Date(now));
    expect([period.from.toISOString(), period.to.toISOString()]).toEqual([from, to]);
  });
});
