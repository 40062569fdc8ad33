import { describe, expect, it } from "vitest";
import { formatAppDate, parseAppDate } from "./app-date";

describe("dates in the app's format", () => {
  it.each([
    ["02 Dec 2026", "2026-12-02"],
    ["2 dec 2026", "2026-12-02"],
    ["2 December 2026", "2026-12-02"],
    ["02/12/2026", "2026-12-02"],
    ["2026-12-02", "2026-12-02"],
    ["", ""],
    ["31 Feb 2026", null],
    ["12/31/2026", null],
    ["yesterday", null],
    ["02 Foo 2026", null],
  ])("%j → %j", (typed, iso) => {
    expect(parseAppDate(typed)).toBe(iso);
  });

  it("formats back the way the app writes dates, and round-trips", () => {
    expect(formatAppDate("2026-12-02")).toBe("02 Dec 2026");
    expect(parseAppDate(formatAppDate("2027-03-31"))).toBe("2027-03-31");
    expect(formatAppDate("")).toBe("");
  });
});
