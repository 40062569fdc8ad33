import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { POLICY, type Action } from "@/lib/auth/policy";
import type { Actor } from "@/lib/auth/actor";
import { annotateRequest, withRequestContext, type RequestActor } from "@/lib/log-context";
import { clientIp } from "@/lib/security/client-ip";
import { MUTATING_METHODS, type HandlerResult, type NextRouteContext, type RouteContext, type RouteOptions } from "./route-types";
import { answerApiKeyInOneStep } from "./steps/api-key-in-one-step";
import { authorize } from "./steps/authorize";
import { checkOrigin } from "./steps/check-origin";
import { respondIdempotently } from "./steps/idempotency";
import { errorResponse } from "./steps/map-error";
import { applyRateLimit, refuseAnonymously } from "./steps/rate-limit";
import { rateLimitHeaders } from "@/lib/rate-limit/hit-rate-limit";
import { DEFAULT_MAX_BODY_BYTES, readBody } from "./steps/read-json-body";
import { requestIdOf } from "./steps/request-id";
import { resolveActor } from "./steps/resolve-actor";
import { toResponse } from "./steps/respond";
import { validateInput } from "./steps/validate";

export type { AuthMode, HandlerResult, RouteContext, RouteOptions } from "./route-types";
export { DEFAULT_MAX_BODY_BYTES } from "./steps/read-json-body";
export { RATE_LIMIT_WINDOW_SECONDS } from "./steps/rate-limit";
export { errorResponse, requestIdOf };

/**
 * The one API route wrapper: request id (and its log context) → actor (session or API key) → rate limit (per key,
 * per session user; per IP for calls without credentials) → permission → CSRF →
 * body/query/params through zod → optional Idempotency-Key → handler → typed errors mapped to the envelope. A route
 * with `apiKeyInOneStep` answers qualifying API-key calls with that one call instead (same answers, one round trip).
 */
export function apiRoute<B = undefined, Q = undefined, P = undefined>(
  options: RouteOptions<B, Q, P>,
  handler: (ctx: RouteContext<B, Q, P>) => Promise<HandlerResult>,
) {
  const serve = async (request: Request, requestId: string, context?: NextRouteContext): Promise<Response> => {
    let limitHeaders: Record<string, string> = {};
    const withLimitHeaders = (response: Response): Response => {
      for (const [name, value] of Object.entries(limitHeaders)) response.headers.set(name, value);
      return response;
    };
    try {
      const db = await getDb();
      annotateRequest({ ip: clientIp(request.headers, getEnv().TRUSTED_PROXY_COUNT) });
      let bodyRead: Promise<string> | undefined;
      const rawBodyOnce = () => (bodyRead ??= readBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
      const setLimitHeaders = (headers: Record<string, string>) => (limitHeaders = headers);
      const oneStep = await answerApiKeyInOneStep({ options, request, requestId, context, db, rawBody: rawBodyOnce, setLimitHeaders });
      if (oneStep) return withLimitHeaders(oneStep);

      const actor = await resolveActor(db, request, options.auth, (decision) => setLimitHeaders(rateLimitHeaders(decision))).catch(
        (error: unknown) => refuseAnonymously(db, request, error, setLimitHeaders),
      );
      // Every caller is counted before the permission check, so a 403 carries the headers too (seed 001: "all responses").
      if (actor) {
        const limit = await applyRateLimit(db, actor);
        limitHeaders = limit.headers;
        if (limit.refusal) throw limit.refusal;
      }
      if (actor) annotateRequest({ actor: auditActorOf(actor, options.action) });
      const accountId = authorize(actor, options.action);
      const mutating = MUTATING_METHODS.has(request.method);
      if (actor?.kind === "session" && mutating) checkOrigin(request, getEnv());
      const rawBody = mutating ? await rawBodyOnce() : "";
      const input = await validateInput(options, request, rawBody, context);
      const ctx: RouteContext<B, Q, P> = { request, requestId, db, actor, accountId, rawBody, ...input };

      const idempotencyKey = request.headers.get("idempotency-key");
      if (options.idempotency && idempotencyKey !== null && request.method === "POST" && accountId) {
        return withLimitHeaders(await respondIdempotently(db, { scope: accountId, key: idempotencyKey, request, rawBody, requestId }, () => handler(ctx)));
      }
      return withLimitHeaders(toResponse(await handler(ctx), requestId));
    } catch (error) {
      return withLimitHeaders(errorResponse(error, requestId));
    }
  };
  // Every log line written while the request is handled carries its id.
  return (request: Request, context?: NextRouteContext): Promise<Response> => {
    const requestId = requestIdOf(request);
    return withRequestContext({ requestId }, () => serve(request, requestId, context));
  };
}

/** The caller as the audit log names it: a key, an operator acting through an operator permission, or a user. */
function auditActorOf(actor: Actor, action: Action | undefined): RequestActor {
  if (actor.kind === "api_key") return { kind: "api_key", id: actor.apiKeyId };
  const operatorAction = action !== undefined && (POLICY[action] as { operator?: boolean }).operator === true;
  return { kind: operatorAction ? "operator" : "user", id: actor.userId };
}

const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type RouteMethod = (typeof ROUTE_METHODS)[number];

/**
 * Handlers for the methods a route does not serve: a 405 in the envelope with an `Allow` header, instead of
 * Next's empty 405. Each /api/v1 route file exports them for every method it leaves out:
 * `export const { PUT, PATCH, DELETE } = methodsNotAllowed("GET", "POST");`
 */
export function methodsNotAllowed(...allowed: RouteMethod[]): Record<RouteMethod, (request: Request) => Response> {
  const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const handler = (request: Request) =>
    errorResponse(
      new AppError("method_not_allowed", `${request.method} is not allowed on ${new URL(request.url).pathname}. Allowed: ${allow}.`),
      requestIdOf(request),
      { allow },
    );
  return Object.fromEntries(ROUTE_METHODS.map((m) => [m, handler])) as Record<RouteMethod, (request: Request) => Response>;
}
