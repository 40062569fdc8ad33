import type { KeyedCall } from "@/lib/api-keys/api-key-gate";
import { accountSuspendedError } from "@/lib/suspensions/account-suspension";
import { allowedWhileSuspended, can, type Action } from "@/lib/auth/policy";
import { getEnv } from "@/lib/config/env";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { rateLimitHeaders } from "@/lib/rate-limit/hit-rate-limit";
import { clientIp } from "@/lib/security/client-ip";
import type { HandlerResult, NextRouteContext, RouteOptions } from "../route-types";
import { rateLimitAnswer } from "./rate-limit";
import { invalidApiKeyRefusal, presentedApiKey } from "./resolve-actor";
import { toResponse } from "./respond";
import { validateInput } from "./validate";

/**
 * The `apiKeyInOneStep` route option: an API-key call whose body is valid is answered by one service call that
 * authenticates the key, counts its rate limit and does the work in a single database round trip. Null when the
 * call does not qualify (no key, a body the schema refuses, …): the ordinary steps then answer it, in their order,
 * so every answer is the one they would give. Gate refusals throw the same errors as resolveActor and
 * applyRateLimit; `setLimitHeaders` receives the X-RateLimit-* headers as soon as the key is known.
 */
export async function answerApiKeyInOneStep<B, Q, P>(input: {
  options: RouteOptions<B, Q, P>;
  request: Request;
  requestId: string;
  context: NextRouteContext | undefined;
  db: Db;
  rawBody: () => Promise<string>;
  setLimitHeaders: (headers: Record<string, string>) => void;
}): Promise<Response | null> {
  const { options, request } = input;
  const run = options.apiKeyInOneStep;
  const presentedKey = presentedApiKey(request);
  // The gate refuses a suspended account's key without doing the work: only for actions suspension refuses.
  if (!run || !presentedKey || options.auth !== "session_or_api_key" || !apiKeysMay(options.action) || allowedWhileSuspended(options.action!)) return null;
  const rawBody = await input.rawBody().catch(() => null);
  if (rawBody === null) return null;
  const valid = await validateInput(options, request, rawBody, input.context).catch(() => null);
  if (!valid) return null;

  const call: KeyedCall<HandlerResult> = await run({
    db: input.db,
    presentedKey,
    clientIp: clientIp(request.headers, getEnv().TRUSTED_PROXY_COUNT),
    body: valid.body,
  });
  if (call.kind === "invalid_key") {
    input.setLimitHeaders(rateLimitHeaders(call.ipLimit));
    throw invalidApiKeyRefusal(call.ipLimit);
  }
  const limit = rateLimitAnswer(call.rateLimit);
  input.setLimitHeaders(limit.headers);
  if (limit.refusal) throw limit.refusal;
  if (call.kind === "suspended") throw accountSuspendedError(call.suspension);
  // A personal key on a service-key-only action (drizzle/0017): the answer authorize() gives on the ordinary path.
  if (call.kind === "key_not_allowed") throw new AppError("api_key_not_allowed", "API keys cannot perform this action.");
  if (call.kind !== "answered") throw new Error("unreachable: a refused call without a refusal");
  if (call.result instanceof AppError) throw call.result;
  return toResponse(call.result, input.requestId);
}

const apiKeysMay = (action: Action | undefined) => action !== undefined && can({ kind: "api_key" }, action);
