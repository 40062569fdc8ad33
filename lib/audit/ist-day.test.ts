import { describe, expect, it } from "vitest";
import { istDayStart } from "./ist-day";

describe("istDayStart", () => {
  it.each([
    ["2026-04-01", 0, "2026-03-31T18:30:00.000Z"],
    ["2026-04-01", 1, "2026-04-01T18:30:00.000Z"],
    ["2026-12-31", 1, "2026-12-31T18:30:00.000Z"],
  ])("%s +%d → %s", (day, plus, want) => {
    expect(istDayStart(day, plus).toISOString()).toBe(want);
  });
});
