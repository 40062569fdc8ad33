import { describe, expect, it } from "vitest";
import { needsSecondOperator } from "./approval-rule";

describe("needsSecondOperator", () => {
  it.each([
    { credits: 1n, limit: null, want: true },
    { credits: 10_000_000n, limit: null, want: true },
    { credits: 500n, limit: 50_000n, want: false },
    { credits: 501n, limit: 50_000n, want: true },
    { credits: 1n, limit: 0n, want: true },
    { credits: 1n, limit: 100n, want: false },
  ])("$credits credits, limit $limit paise → $want", ({ credits, limit, want }) => {
    expect(needsSecondOperator(credits, limit)).toBe(want);
  });
});
