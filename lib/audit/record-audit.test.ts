import { describe, expect, it } from "vitest";
import { changedFields } from "./record-audit";

describe("changedFields", () => {
  it.each([
    { name: "keeps only what changed", before: { a: 1, b: "x" }, after: { a: 1, b: "y" }, want: { before: { b: "x" }, after: { b: "y" } } },
    { name: "bigint and Date become JSON", before: { n: 5n, at: null }, after: { n: 6n, at: new Date("2026-12-03T10:00:00Z") }, want: { before: { n: "5", at: null }, after: { n: "6", at: "2026-12-03T10:00:00.000Z" } } },
    { name: "a field only on one side is a change", before: { a: 1 }, after: { a: 1, b: 2 }, want: { before: { b: null }, after: { b: 2 } } },
    { name: "creation keeps every field", before: null, after: { code: "X", credits: 10n }, want: { before: null, after: { code: "X", credits: "10" } } },
    { name: "deletion keeps every field", before: { role: "admin" }, after: undefined, want: { before: { role: "admin" }, after: null } },
    { name: "arrays compare by value", before: { events: ["a", "b"] }, after: { events: ["a", "b"] }, want: { before: {}, after: {} } },
  ])("$name", ({ before, after, want }) => {
    expect(changedFields(before, after)).toEqual(want);
  });
});
