import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";

/** Narrows a route's actor to a signed-in member (routes with auth "session"). */
export function sessionActor(actor: Actor | null): Extract<Actor, { kind: "session" }> & { role: NonNullable<Extract<Actor, { kind: "session" }>["role"]> } {
  if (!actor || actor.kind !== "session" || !actor.role) {
    throw new AppError("unauthorized", "Sign in to use this endpoint.");
  }
  return actor as never;
}

/** The signed-in user of a session route (operators may have no account, so no role is required). */
export function sessionUserId(actor: Actor | null): string {
  if (!actor || actor.kind !== "session") throw new AppError("unauthorized", "Sign in to use this endpoint.");
  return actor.userId;
}
