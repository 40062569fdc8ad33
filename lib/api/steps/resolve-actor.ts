import { suspensionOf } from "@/lib/suspensions/account-suspension";
import { cookies } from "next/headers";
import { resolveMember } from "@/lib/accounts/memberships";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { currentSession } from "@/lib/auth/auth";
import { ACTIVE_ACCOUNT_COOKIE } from "@/lib/auth/active-account-cookie";
import type { Db } from "@/lib/db";
import { getEnv } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
import type { RateLimitDecision } from "@/lib/rate-limit/hit-rate-limit";
import { hitIpLimit, ipLimitRefusal } from "@/lib/rate-limit/ip-limits";
import { clientIp } from "@/lib/security/client-ip";
import type { Actor } from "@/lib/auth/actor";
import type { AuthMode } from "../route-types";

/** The answer to a key that matched nothing, once it was counted against the caller's IP: 401, or 429 past the budget. */
export function invalidApiKeyRefusal(decision: RateLimitDecision): AppError {
  if (!decision.allowed) return ipLimitRefusal("invalid-api-key", decision);
  return new AppError("invalid_api_key", "The provided API key is invalid or does not exist.");
}

export function presentedApiKey(request: Request): string | null {
  const header = request.headers.get("x-api-key");
  if (header) return header.trim();
  const authorization = request.headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) {
    const token = authorization.slice(7).trim();
    if (token.startsWith("cm_")) return token;
  }
  return null;
}

/** Who is calling: an API key (X-Api-Key or Bearer cm_…), else the session's user in their active account. */
export async function resolveActor(
  db: Db,
  request: Request,
  mode: AuthMode,
  onIpLimit: (decision: RateLimitDecision) => void = () => {},
): Promise<Actor | null> {
  if (mode === "public") return null;
  const key = presentedApiKey(request);
  if (key) {
    if (mode === "session") {
      throw new AppError("api_key_not_allowed", "This endpoint needs a signed-in dashboard session; API keys are not accepted here.");
    }
    const found = await authenticateApiKey(db, key);
    if (!found) {
      // Guessing keys is hopeless (256 random bits), but a scanner still costs lookups: past the per-IP budget of
      // invalid keys it gets a 429. Valid keys are never refused by it; they have their own per-key limit.
      const decision = await hitIpLimit(db, "invalid-api-key", clientIp(request.headers, getEnv().TRUSTED_PROXY_COUNT));
      onIpLimit(decision);
      throw invalidApiKeyRefusal(decision);
    }
    return { kind: "api_key", ...found };
  }
  const claim = await currentSession();
  if (!claim) throw new AppError("unauthorized", "Sign in to use this endpoint.");
  const preferred = (await cookies()).get(ACTIVE_ACCOUNT_COOKIE)?.value ?? null;
  const member = await resolveMember(db, claim, preferred);
  if (!member) throw new AppError("unauthorized", "Your session is no longer valid. Sign in again.");
  return {
    kind: "session",
    userId: member.user.id,
    email: member.user.email,
    name: member.user.name,
    isOperator: member.user.isOperator,
    accountId: member.account?.accountId ?? null,
    role: member.account?.role ?? null,
    suspension: member.account ? suspensionOf(member.account) : null,
  };
}
