import { describe, expect, it } from "vitest";
import { POLICY, can, canAssignRole, type Action } from "./policy";

describe("policy", () => {
  const actions = Object.keys(POLICY) as Action[];

  it.each(actions)("%s follows its table row for every principal", (action) => {
    const rule = POLICY[action];
    for (const role of ["owner", "admin", "member"] as const) {
      const expected = "operator" in rule && rule.operator ? false : (rule.roles as readonly string[]).includes(role);
      expect(can({ kind: "member", role, isOperator: false }, action)).toBe(expected);
    }
    expect(can({ kind: "api_key" }, action)).toBe(rule.apiKey);
  });

  it("operator actions need the operator flag, never a role or a key", () => {
    expect(can({ kind: "member", role: "owner", isOperator: false }, "operator:coupons")).toBe(false);
    expect(can({ kind: "member", role: "member", isOperator: true }, "operator:coupons")).toBe(true);
    expect(can({ kind: "operator_without_account", isOperator: true }, "operator:orders")).toBe(true);
    expect(can({ kind: "api_key" }, "operator:coupons")).toBe(false);
  });

  it("members manage nothing; billing writes are owner/admin; keys only reach machine endpoints", () => {
    expect(can({ kind: "member", role: "member", isOperator: false }, "payments:create")).toBe(false);
    expect(can({ kind: "member", role: "admin", isOperator: false }, "payments:create")).toBe(true);
    expect(can({ kind: "api_key" }, "payments:create")).toBe(false);
    expect(can({ kind: "api_key" }, "machine:usage_write")).toBe(true);
    expect(can({ kind: "member", role: "owner", isOperator: false }, "machine:usage_write")).toBe(false);
  });

  it.each([
    ["owner", "member", "owner", true],
    ["owner", "owner", "member", true],
    ["admin", "member", "admin", true],
    ["admin", "member", "owner", false],
    ["admin", "owner", "member", false],
    ["admin", null, "member", true],
    ["member", "member", "admin", false],
  ] as const)("%s changing %s → %s: %s", (actor, from, to, allowed) => {
    expect(canAssignRole(actor, from, to)).toBe(allowed);
  });
});
