import type { LiftSuspensionOutcome } from "./lift-suspension";
import type { SuspendAccountOutcome } from "./suspend-account";

export function toSuspendedView(accountId: string, reason: string, outcome: SuspendAccountOutcome) {
  return {
    account_id: accountId,
    suspended: true,
    suspension_id: outcome.suspensionId,
    suspended_at: outcome.suspendedAt.toISOString(),
    already_suspended: outcome.outcome === "already_suspended",
    ...(outcome.outcome === "suspended" ? { reason } : {}),
  };
}

export function toLiftedView(accountId: string, outcome: LiftSuspensionOutcome) {
  return {
    account_id: accountId,
    suspended: false,
    ...(outcome.outcome === "lifted" ? { suspension_id: outcome.suspensionId, lifted_at: outcome.liftedAt.toISOString() } : { was_suspended: false }),
  };
}
