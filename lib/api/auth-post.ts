import { NextRequest } from "next/server";
import { errorResponse } from "./steps/map-error";
import { readBody } from "./steps/read-json-body";
import { requestIdOf } from "./steps/request-id";
import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ipLimitSpentForSeconds } from "@/lib/rate-limit/ip-limits";
import { clientIp } from "@/lib/security/client-ip";
import { HASH_GATE_RETRY_AFTER_SECONDS } from "@/lib/auth/hash-gate";
import { noteRetryAfterSeconds, SIGN_IN_RATE_LIMITED, SIGN_IN_REFUSAL_CODES, SIGN_IN_SERVER_BUSY, withSignInRefusalNote } from "@/lib/auth/sign-in-refusals";

/** Auth.js's forms (sign-in, sign-out, the CSRF token) are a few hundred bytes. */
export const AUTH_MAX_BODY_BYTES = 16 * 1024;

/**
 * POST /api/auth/* around Auth.js: the body is read under the streamed byte limit (Auth.js would read it whole),
 * and a credentials sign-in refused before its password was checked (per-email or per-IP budget, full hash gate)
 * answers 429 with Retry-After instead of Auth.js's redirect, so scripts see what happened.
 */
export function boundedAuthPost(post: (request: NextRequest) => Promise<Response>) {
  return async (request: NextRequest): Promise<Response> => {
    const requestId = requestIdOf(request);
    if (new URL(request.url).pathname.endsWith("/callback/credentials")) {
      // A flood from an IP whose sign-in budget is spent is answered before Auth.js or the body cost anything.
      const spentFor = await ipLimitSpentForSeconds(await getDb(), "sign-in", clientIp(request.headers, getEnv().TRUSTED_PROXY_COUNT));
      if (spentFor !== null) {
        return errorResponse(
          new AppError("rate_limit_exceeded", `Too many sign-in attempts from your network. Retry after ${spentFor} s.`, { retryAfterSeconds: spentFor, details: { reason: SIGN_IN_RATE_LIMITED } }),
          requestId,
        );
      }
    }
    let body: string;
    try {
      body = await readBody(request, AUTH_MAX_BODY_BYTES);
    } catch (error) {
      return errorResponse(error, requestId);
    }
    const bounded = new NextRequest(request.url, { method: "POST", headers: request.headers, body });
    return withSignInRefusalNote(async () => {
      const response = await post(bounded);
      const location = response.headers.get("location");
      const code = location ? new URL(location, request.url).searchParams.get("code") : null;
      if (!code || !SIGN_IN_REFUSAL_CODES.includes(code)) return response;
      const busy = code === SIGN_IN_SERVER_BUSY;
      const retryAfterSeconds = noteRetryAfterSeconds() ?? (busy ? HASH_GATE_RETRY_AFTER_SECONDS : 60);
      const refusal = busy
        ? new AppError("too_many_requests", "The server is busy checking other passwords. Retry in a moment.", { retryAfterSeconds, details: { reason: code } })
        : new AppError("rate_limit_exceeded", `Too many sign-in attempts. Retry after ${retryAfterSeconds} s.`, { retryAfterSeconds, details: { reason: code } });
      return errorResponse(refusal, requestId);
    });
  };
}
