import { FREE_TIER, PLANS, RATE_LIMIT_WINDOW_SECONDS } from "@/lib/config/plans";
import { AppError } from "@/lib/errors";
import { decisionFromHit, type RateLimitDecision } from "@/lib/rate-limit/hit-rate-limit";
import { ipBucketKey, ipLimitFor, noteIpDecision } from "@/lib/rate-limit/ip-limits";
import { suspensionOf, type AccountSuspension } from "@/lib/suspensions/account-suspension";
import type { Role } from "@/lib/auth/policy";
import type { ApiKeyActor } from "./authenticate-api-key";
import { API_KEY_PATTERN, hashApiKey } from "./hash-key";

/**
 * The API-key gate run inside a one-statement SQL call (`khata_api_key_gate`, drizzle/0007): the same checks as
 * authenticateApiKey + the per-key limit + the invalid-key per-IP limit, with nothing cached in the process, so
 * a revoked or regenerated key fails on its next call on every instance.
 */
export interface PresentedKey {
  presentedKey: string;
  /** The caller's IP as lib/security/client-ip reads it (the invalid-key budget is per IP). */
  clientIp: string | null;
}

const PLAN_LIMITS = Object.fromEntries(Object.values(PLANS).map((p) => [p.id, p.rateLimitPerMinute]));

/** The gate's parameter (jsonb) for a presented key. A malformed key has no hash and so matches nothing. */
export function apiKeyGateParam(input: PresentedKey): string {
  const ip = ipLimitFor("invalid-api-key");
  return JSON.stringify({
    key_hash: API_KEY_PATTERN.test(input.presentedKey) ? hashApiKey(input.presentedKey) : null,
    ip_bucket: ipBucketKey("invalid-api-key", input.clientIp),
    ip_limit: ip.limit,
    ip_window: ip.windowSeconds,
    plan_limits: PLAN_LIMITS,
    default_limit: FREE_TIER.rateLimitPerMinute,
    window: RATE_LIMIT_WINDOW_SECONDS,
  });
}

type Hit = { points: number; expires_at: string; now: string };

/** What khata_api_key_gate answers (the call's own answer rides along when the gate let it through). */
export type GateAnswer =
  | { outcome: "invalid_key"; ip: Hit; ip_limit: number }
  | {
      /** key_not_allowed: a personal key on a call only service keys may make (drizzle/0017). */
      outcome: "rate_limited" | "suspended" | "key_not_allowed" | "ok";
      key: {
        id: string;
        name: string;
        prefix: string;
        kind: "service" | "personal";
        member: { user_id: string; role: Role; email: string; name: string } | null;
        account_id: string;
        account_name: string;
        plan: string;
        suspended_at: string | null;
        suspension_reason: string | null;
      };
      limit: number;
      hit: Hit;
    };

/** A call made in one step with an API key: refused at the gate, or answered (a result or a refusal). */
export type KeyedCall<T> =
  | { kind: "invalid_key"; ipLimit: RateLimitDecision }
  | { kind: "rate_limited"; rateLimit: RateLimitDecision }
  /** The key's account is suspended (drizzle/0015): counted, refused, nothing done. */
  | { kind: "suspended"; rateLimit: RateLimitDecision; suspension: AccountSuspension }
  /** A personal key where only service keys are accepted: counted, refused, nothing done. */
  | { kind: "key_not_allowed"; rateLimit: RateLimitDecision }
  | { kind: "answered"; rateLimit: RateLimitDecision; actor: ApiKeyActor; result: T | AppError };

/** Reads the gate's part of an answer; `answer(actor)` turns the call's own part into its result. */
export function keyedCallOf<T>(gate: GateAnswer, input: PresentedKey, answer: (actor: ApiKeyActor) => T | AppError): KeyedCall<T> {
  if (gate.outcome === "invalid_key") {
    const ipLimit = decisionFromHit(gate.ip, gate.ip_limit);
    noteIpDecision("invalid-api-key", input.clientIp, ipLimit);
    return { kind: "invalid_key", ipLimit };
  }
  const rateLimit = decisionFromHit(gate.hit, gate.limit);
  if (gate.outcome === "rate_limited") return { kind: "rate_limited", rateLimit };
  const k = gate.key;
  const suspension = suspensionOf({ suspendedAt: k.suspended_at, suspensionReason: k.suspension_reason });
  if (gate.outcome === "suspended" && suspension) return { kind: "suspended", rateLimit, suspension };
  if (gate.outcome === "key_not_allowed") return { kind: "key_not_allowed", rateLimit };
  const actor: ApiKeyActor = {
    apiKeyId: k.id,
    apiKeyName: k.name,
    apiKeyPrefix: k.prefix,
    keyKind: k.kind,
    member: k.member ? { userId: k.member.user_id, role: k.member.role, email: k.member.email, name: k.member.name } : null,
    accountId: k.account_id,
    accountName: k.account_name,
    plan: k.plan,
    suspension,
  };
  return { kind: "answered", rateLimit, actor, result: answer(actor) };
}

export function mapKeyedCall<T, U>(call: KeyedCall<T>, map: (value: T) => U): KeyedCall<U> {
  if (call.kind !== "answered") return call;
  const { result } = call;
  return { ...call, result: result instanceof AppError ? result : map(result) };
}
