import { describe, expect, it } from "vitest";
import { gstOnFeePaise, isGstOnFee } from "./gst-on-fee";

// [fee paise, GST paise at 18 %, rounded half up]
const TABLE: [bigint, bigint][] = [
  [0n, 0n],
  [1n, 0n],
  [3n, 1n], // 0.54 → 1
  [25n, 5n], // 4.5 → 5 (half up)
  [332n, 60n], // 59.76
  [1950n, 351n],
  [19_500n, 3510n],
  [100_000_000n, 18_000_000n],
];

describe("gstOnFeePaise", () => {
  it.each(TABLE)("fee %i paise → GST %i paise", (fee, gst) => {
    expect(gstOnFeePaise(fee)).toBe(gst);
  });

  it("refuses a negative fee", () => {
    expect(() => gstOnFeePaise(-1n)).toThrow(RangeError);
  });
});

describe("isGstOnFee", () => {
  it.each([
    [1950n, 351n, true],
    [1950n, 350n, true],
    [1950n, 352n, true],
    [1950n, 349n, false],
    [1950n, 0n, false],
    [0n, 0n, true],
  ])("fee %i, tax %i → %s", (fee, tax, ok) => {
    expect(isGstOnFee(fee, tax)).toBe(ok);
  });
});
