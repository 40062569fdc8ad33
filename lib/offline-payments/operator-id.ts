import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/** The signed-in operator behind a request: every offline-payment step records who took it. */
export function operatorIdOf(actor: Actor | null): string {
  if (actor?.kind !== "session") throw new AppError("session_required", "Sign in as an operator.");
  return actor.userId;
}
