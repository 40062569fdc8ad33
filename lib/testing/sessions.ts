import type { Db } from "@/lib/db";
import type { SessionClaim } from "@/lib/accounts/session-user";
import { startSession } from "@/lib/accounts/start-session";

/** A real session row for a test user, and the claim its cookie would carry. */
export async function signedInAs(db: Db, userId: string, maxAgeSeconds = 3600): Promise<SessionClaim> {
  return { userId, sessionId: await startSession(db, { userId, maxAgeSeconds }) };
}

/**
 * For integration tests that mock `@/lib/auth/auth`: the claim for `state.userId` (a session row is started on
 * first use per user and reused), or null when signed out.
 */
export function mockedCurrentSession(state: { userId: string | null; db: unknown }) {
  const claims = new Map<string, SessionClaim>();
  return async (): Promise<SessionClaim | null> => {
    if (!state.userId) return null;
    let claim = claims.get(state.userId);
    if (!claim) {
      claim = await signedInAs(state.db as Db, state.userId);
      claims.set(state.userId, claim);
    }
    return claim;
  };
}
