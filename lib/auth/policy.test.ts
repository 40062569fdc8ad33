import { describe, expect, it } from "vitest";
import { POLICY, ROLES, can, canAssignRole, keysMay, personalKeysReach, type Action, type Rule } from "./policy";

describe("policy", () => {
  const actions = Object.keys(POLICY) as Action[];

  it.each(actions)("%s follows its table row for every principal", (action) => {
    const rule = POLICY[action];
    for (const role of ["owner", "admin", "member"] as const) {
      const expected = "operator" in rule && rule.operator ? false : (rule.roles as readonly string[]).includes(role);
      expect(can({ kind: "member", role, isOperator: false }, action)).toBe(expected);
    }
    expect(can({ kind: "api_key" }, action)).toBe(rule.apiKey);
    for (const role of ROLES) {
      const r: Rule = rule;
      const expected = !r.operator && r.personalKey === true && r.roles.includes(role);
      expect(can({ kind: "personal_key", role }, action)).toBe(expected);
    }
  });

  it("a personal key never exceeds its member's session, and never reaches operator actions", () => {
    for (const action of actions) {
      for (const role of ROLES) {
        if (can({ kind: "personal_key", role }, action)) expect(can({ kind: "member", role, isOperator: true }, action)).toBe(true);
      }
      if ("operator" in POLICY[action] && POLICY[action].operator) {
        expect(personalKeysReach(action)).toBe(false);
        expect(keysMay(action)).toBe(false);
      }
    }
  });

  it("seed 001's tiers: owner = full access, admin = manager, member = API user", () => {
    const session = (role: (typeof ROLES)[number]) => ({ kind: "member", role, isOperator: false }) as const;
    // Full access: every account action there is (usage writes are a machine's, made with a service key only).
    for (const action of actions) {
      if (!("operator" in POLICY[action]) && action !== "machine:usage_write") expect(can(session("owner"), action), action).toBe(true);
    }
    expect(POLICY["machine:usage_write"].roles).toEqual([]);
    // Manager: payment endpoints, team history, manage the team below them; API user: balance, profile, own key.
    for (const action of ["payments:create", "payments:read", "team:manage", "team:read", "budget:write"] as const) {
      expect(can(session("admin"), action), action).toBe(true);
    }
    for (const action of ["machine:balance", "machine:profile", "api_keys:personal", "payments:read", "invoices:read"] as const) {
      expect(can(session("member"), action), action).toBe(true);
    }
    for (const action of ["team:manage", "api_keys:manage", "budget:write", "webhooks:manage", "billing_profile:write"] as const) {
      expect(can(session("member"), action), action).toBe(false);
      expect(can({ kind: "personal_key", role: "member" }, action), action).toBe(false);
    }
    // A personal key acts with its member's tier: an admin's key may set the budget, a member's may not.
    expect(can({ kind: "personal_key", role: "admin" }, "budget:write")).toBe(true);
    expect(can({ kind: "personal_key", role: "member" }, "budget:write")).toBe(false);
    expect(can({ kind: "personal_key", role: "member" }, "machine:balance")).toBe(true);
    // Usage writes are the account's service keys' alone; keys never manage keys.
    expect(can({ kind: "personal_key", role: "owner" }, "machine:usage_write")).toBe(false);
    expect(can({ kind: "personal_key", role: "owner" }, "api_keys:manage")).toBe(false);
    expect(can({ kind: "personal_key", role: "owner" }, "api_keys:personal")).toBe(false);
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
    ["owner", "admin", null, true],
    ["admin", "member", "admin", false],
    ["admin", "admin", "member", false],
    ["admin", "admin", null, false],
    ["admin", null, "admin", false],
    ["admin", "member", null, true],
    ["admin", "member", "owner", false],
    ["admin", "owner", "member", false],
    ["admin", null, "member", true],
    ["member", "member", "admin", false],
  ] as const)("%s changing %s → %s: %s", (actor, from, to, allowed) => {
    expect(canAssignRole(actor, from, to)).toBe(allowed);
  });
});
