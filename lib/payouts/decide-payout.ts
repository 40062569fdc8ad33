import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { adminPayoutView, type AdminPayoutView } from "./admin-payout-views";
import { approvePayout } from "./approve-payout";
import { rejectPayout } from "./reject-payout";

export type DecidePayoutInput = { payoutId: string; operatorUserId: string | null } & ({ decision: "approve" } | { decision: "reject"; reason: string });

/** An operator's decision on a payout, answered as the operator's view (the routes' one service call). */
export async function decidePayout(db: Db, input: DecidePayoutInput): Promise<AdminPayoutView & { outcome: string }> {
  // Who decided is recorded for every payout decision: an operator without a user id cannot make one.
  if (!input.operatorUserId) throw new AppError("session_required", "Payout decisions are made by a signed-in operator.");
  if (input.decision === "approve") {
    const result = await approvePayout(db, { payoutId: input.payoutId, operatorUserId: input.operatorUserId });
    return { ...(await adminPayoutView(db, result.payout)), outcome: result.outcome };
  }
  const payout = await rejectPayout(db, { payoutId: input.payoutId, operatorUserId: input.operatorUserId, reason: input.reason });
  return { ...(await adminPayoutView(db, payout)), outcome: "rejected" };
}
