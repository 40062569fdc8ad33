import type { Actor } from "./actor";
import type { Role } from "./policy";

/**
 * Whose payment transactions and payouts a caller sees (seed 001's tiers, docs/ACCOUNTS.md): owners (full access)
 * and admins (managers) see the team's; a member (API user), by session or by their personal key, sees only what
 * they created; the account's service key is the account's own machine credential and sees the team's.
 * The one place this rule lives: the payments history (API and pages), `GET /payments(/:id)` and
 * `GET /payouts(/:id)` all take its answer.
 */
export type HistoryScope = { kind: "team" } | { kind: "own"; userId: string };

export const TEAM_SCOPE: HistoryScope = { kind: "team" };
/** Sees nothing: no caller, or a personal key whose member is gone. */
const NOBODY: HistoryScope = { kind: "own", userId: "" };

/** A member of the account (session or personal key) with their role. */
export function memberHistoryScope(role: Role, userId: string): HistoryScope {
  return role === "member" ? { kind: "own", userId } : TEAM_SCOPE;
}

export function historyScope(actor: Actor | null): HistoryScope {
  if (!actor) return NOBODY;
  if (actor.kind === "session") return actor.role ? memberHistoryScope(actor.role, actor.userId) : NOBODY;
  if (actor.keyKind === "personal") return actor.member ? memberHistoryScope(actor.member.role, actor.member.userId) : NOBODY;
  return TEAM_SCOPE;
}

/** Who created something (an order, a pay-in, a payout): the user behind a session or a personal key, and the key. */
export function creatorOf(actor: Actor | null): { userId: string | null; apiKeyId: string | null } {
  if (!actor) return { userId: null, apiKeyId: null };
  if (actor.kind === "session") return { userId: actor.userId, apiKeyId: null };
  return { userId: actor.member?.userId ?? null, apiKeyId: actor.apiKeyId };
}
