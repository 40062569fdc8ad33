import { headers } from "next/headers";
import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { hitIpLimit, type IpLimitScope } from "@/lib/rate-limit/ip-limits";
import { clientIp } from "@/lib/security/client-ip";

/**
 * For a server action anyone may call (sign-up, the password-reset request): counts one hit against the
 * caller IP's budget for `scope`. `refusal` is the form's line when the budget is spent; `ip` is for the hash
 * gate (`hashPassword(pw, undefined, { clientKey: ip })`).
 */
export async function guardAnonymousAction(scope: IpLimitScope): Promise<{ ip: string | null; refusal: string | null }> {
  const ip = clientIp(await headers(), getEnv().TRUSTED_PROXY_COUNT);
  const decision = await hitIpLimit(await getDb(), scope, ip);
  if (decision.allowed) return { ip, refusal: null };
  const minutes = Math.max(1, Math.ceil(decision.retryAfterSeconds / 60));
  return { ip, refusal: `Too many attempts from your network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` };
}

/** The form's line when the password hash gate is full. */
export const SERVER_BUSY_MESSAGE = "The server is busy right now. Try again in a moment.";
