import type { Executor } from "@/lib/db";
import { enqueueEvent } from "@/lib/outbound-webhooks/enqueue-event";

/**
 * `user.created` for an account's webhooks whenever a person joins it (sign-up, a new account of theirs, invitation
 * accepted), once per account and user. Seed 001's payload shape (event, amount, currency, status, payer, timestamp):
 * `payer` is the person who joined; `user` says who and with which role (the flat fields stay for older receivers).
 */
export async function emitUserCreated(
  tx: Executor,
  input: { accountId: string; userId: string; email: string; name: string; role: string; now?: Date },
): Promise<void> {
  await enqueueEvent(tx, {
    accountId: input.accountId,
    type: "user.created",
    causeKey: `user.created:${input.accountId}:${input.userId}`,
    payload: {
      amount: 0,
      currency: "INR",
      status: "active",
      payer: input.name,
      user: { id: input.userId, email: input.email, name: input.name, role: input.role },
      user_id: input.userId,
      email: input.email,
      role: input.role,
    },
    now: input.now,
  });
}
