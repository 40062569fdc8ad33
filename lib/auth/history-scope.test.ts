import { describe, expect, it } from "vitest";
import type { Actor } from "./actor";
import { creatorOf, historyScope } from "./history-scope";

const sessionOf = (role: "owner" | "admin" | "member" | null): Actor => ({
  kind: "session",
  userId: "u1",
  email: "a@example.com",
  name: "A",
  isOperator: false,
  accountId: role ? "acc_1" : null,
  role,
  suspension: null,
});
const keyOf = (keyKind: "service" | "personal", role: "owner" | "admin" | "member" | null): Actor => ({
  kind: "api_key",
  apiKeyId: "key_1",
  apiKeyName: "k",
  apiKeyPrefix: "kh_",
  keyKind,
  member: role ? { userId: "u2", role, email: "b@example.com", name: "B" } : null,
  accountId: "acc_1",
  plan: "free",
  suspension: null,
});

describe("historyScope (seed 001: API users see their own history, managers the team's)", () => {
  it.each<[string, Actor | null, ReturnType<typeof historyScope>]>([
    ["owner session", sessionOf("owner"), { kind: "team" }],
    ["admin session", sessionOf("admin"), { kind: "team" }],
    ["member session", sessionOf("member"), { kind: "own", userId: "u1" }],
    ["session without an account", sessionOf(null), { kind: "own", userId: "" }],
    ["service key", keyOf("service", null), { kind: "team" }],
    ["owner's personal key", keyOf("personal", "owner"), { kind: "team" }],
    ["admin's personal key", keyOf("personal", "admin"), { kind: "team" }],
    ["member's personal key", keyOf("personal", "member"), { kind: "own", userId: "u2" }],
    ["personal key without its member", keyOf("personal", null), { kind: "own", userId: "" }],
    ["nobody", null, { kind: "own", userId: "" }],
  ])("%s", (_label, actor, scope) => {
    expect(historyScope(actor)).toEqual(scope);
  });

  it("creatorOf names the user behind a session or personal key, and the key", () => {
    expect(creatorOf(sessionOf("member"))).toEqual({ userId: "u1", apiKeyId: null });
    expect(creatorOf(keyOf("personal", "member"))).toEqual({ userId: "u2", apiKeyId: "key_1" });
    expect(creatorOf(keyOf("service", null))).toEqual({ userId: null, apiKeyId: "key_1" });
    expect(creatorOf(null)).toEqual({ userId: null, apiKeyId: null });
  });
});
