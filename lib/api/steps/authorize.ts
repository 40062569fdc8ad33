import { accountSuspendedError } from "@/lib/suspensions/account-suspension";
import { allowedWhileSuspended, can, personalKeysReach, type Action } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";

/**
 * Checks the action against the one policy table; returns the account the request acts on ("" for public routes).
 * A suspended account's sessions and keys get 403 `account_suspended` here, for every action but the reads the
 * policy allows while suspended: the one place suspension is enforced for /api/v1.
 */
export function authorize(actor: Actor | null, action: Action | undefined): string {
  if (!actor) return "";
  if (!action) throw new Error("authenticated route without an action");
  if (actor.suspension && !allowedWhileSuspended(action)) throw accountSuspendedError(actor.suspension);
  if (actor.kind === "api_key") {
    if (actor.member) {
      // A personal key: the action must take personal keys, then the member's role decides (as for their session).
      if (!personalKeysReach(action)) throw new AppError("api_key_not_allowed", "API keys cannot perform this action.");
      if (!can({ kind: "personal_key", role: actor.member.role }, action)) {
        throw new AppError("insufficient_permissions", "Your role does not have access to this action.");
      }
      return actor.accountId;
    }
    if (!can({ kind: "api_key" }, action)) throw new AppError("api_key_not_allowed", "API keys cannot perform this action.");
    return actor.accountId;
  }
  const principal =
    actor.role && actor.accountId
      ? ({ kind: "member", role: actor.role, isOperator: actor.isOperator } as const)
      : ({ kind: "operator_without_account", isOperator: actor.isOperator } as const);
  if (!can(principal, action)) {
    if (principal.kind === "operator_without_account" && !actor.isOperator) {
      throw new AppError("no_account", "You are not a member of any account.");
    }
    throw new AppError("insufficient_permissions", "Your role does not have access to this action.");
  }
  return actor.accountId ?? "";
}
