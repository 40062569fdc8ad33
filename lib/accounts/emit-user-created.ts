import type { Executor } from "@/lib/db";
import { enqueueEvent } from "@/lib/outbound-webhooks/enqueue-event";

/** `user.created` for an account's webhooks whenever a person joins it (sign-up, added, invitation accepted). */
export async function emitUserCreated(
  tx: Executor,
  input: { accountId: string; userId: string; email: string; role: string },
): Promise<void> {
  await enqueueEvent(tx, {
    accountId: input.accountId,
    type: "user.created",
    causeKey: `user.created:${input.accountId}:${input.userId}`,
    payload: { amount: 0, currency: "INR", status: "active", user_id: input.userId, email: input.email, role: input.role },
  });
}
