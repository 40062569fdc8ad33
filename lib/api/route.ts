import { randomUUID } from "node:crypto";
import { cookies } from "next/headers";
import type { z } from "zod";
import { can, type Action } from "@/lib/auth/policy";
import { currentUserId } from "@/lib/auth/auth";
import { resolveMember } from "@/lib/accounts/memberships";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { getEnv } from "@/lib/config/env";
import { getDb, type Db } from "@/lib/db";
import { isConnectionError } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { fingerprintRequest, runIdempotent } from "@/lib/idempotency/run-idempotent";
import { log } from "@/lib/log";
import { withRequestContext } from "@/lib/log-context";
import { rateLimitForPlan } from "@/lib/config/plans";
import { hitRateLimit, rateLimitHeaders } from "@/lib/rate-limit/hit-rate-limit";
import { ACTIVE_ACCOUNT_COOKIE, type Actor } from "./actor";
import { errorBody, jsonResponse, toJson } from "./envelope";
import { zodToAppError } from "./zod-error";

export type AuthMode =
  /** Dashboard session only; an API key is refused with `api_key_not_allowed`. */
  | "session"
  /** Machine endpoints: an API key, or a session of a member of the account. */
  | "session_or_api_key"
  /** Signature-verified or otherwise self-authenticating endpoints (Cashfree webhook). */
  | "public";

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface RouteContext<B, Q, P> {
  request: Request;
  requestId: string;
  db: Db;
  actor: Actor | null;
  /** The account the request acts on (from the session's active account or the API key). */
  accountId: string;
  body: B;
  query: Q;
  params: P;
  rawBody: string;
}

export interface RouteOptions<B, Q, P> {
  auth: AuthMode;
  /** Required for every authenticated route: checked against the one policy table. */
  action?: Action;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Honour an `Idempotency-Key` header (POST only): first response stored per account and replayed. */
  idempotency?: boolean;
  maxBodyBytes?: number;
  /** Public routes that must read the raw body themselves (webhooks): no JSON parsing by the wrapper. */
  rawBodyOnly?: boolean;
  /**
   * Machine endpoints: API-key callers are limited per key to their plan's requests per minute (state in the
   * database, shared by all instances). Every response after the key is known carries X-RateLimit-Limit,
   * X-RateLimit-Remaining and X-RateLimit-Reset; over the limit → 429 `rate_limit_exceeded` with Retry-After.
   */
  rateLimit?: boolean;
}

export const RATE_LIMIT_WINDOW_SECONDS = 60;

export type HandlerResult = Response | { status?: number; body: unknown; headers?: Record<string, string> };

type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

function presentedApiKey(request: Request): string | null {
  const header = request.headers.get("x-api-key");
  if (header) return header.trim();
  const authorization = request.headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) {
    const token = authorization.slice(7).trim();
    if (token.startsWith("cm_")) return token;
  }
  return null;
}

/** Cookie-authenticated writes must come from our own origin (route handlers get no CSRF check of their own). */
function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const allowed = new Set<string>([new URL(getEnv().APP_URL).origin]);
  const host = request.headers.get("host");
  if (host) {
    const proto = request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
    allowed.add(`${proto}://${host}`);
  }
  if (!origin || origin === "null" || !allowed.has(origin)) {
    throw new AppError("csrf_rejected", "Cross-site request refused: the Origin header is missing or not this site.", 403);
  }
}

async function readBody(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    throw new AppError("payload_too_large", `Request body is larger than ${maxBytes} bytes.`, 413);
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) {
    throw new AppError("payload_too_large", `Request body is larger than ${maxBytes} bytes.`, 413);
  }
  return text;
}

function parseJsonBody(text: string, contentType: string | null): unknown {
  if (text.trim() === "") return {};
  if (!contentType || !/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) {
    throw new AppError("unsupported_media_type", "Send the request body as JSON with Content-Type: application/json.", 415);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.", 400);
  }
}

async function resolveActor(db: Db, request: Request, mode: AuthMode): Promise<Actor | null> {
  if (mode === "public") return null;
  const key = presentedApiKey(request);
  if (key) {
    if (mode === "session") {
      throw new AppError(
        "api_key_not_allowed",
        "This endpoint needs a signed-in dashboard session; API keys are not accepted here.",
        403,
      );
    }
    const found = await authenticateApiKey(db, key);
    if (!found) throw new AppError("invalid_api_key", "The provided API key is invalid or does not exist.", 401);
    return { kind: "api_key", ...found };
  }
  const userId = await currentUserId();
  if (!userId) throw new AppError("unauthorized", "Sign in to use this endpoint.", 401);
  const preferred = (await cookies()).get(ACTIVE_ACCOUNT_COOKIE)?.value ?? null;
  const member = await resolveMember(db, userId, preferred);
  if (!member) throw new AppError("unauthorized", "Your session is no longer valid. Sign in again.", 401);
  return {
    kind: "session",
    userId: member.user.id,
    email: member.user.email,
    name: member.user.name,
    isOperator: member.user.isOperator,
    accountId: member.account?.accountId ?? null,
    role: member.account?.role ?? null,
  };
}

function authorize(actor: Actor | null, action: Action | undefined): string {
  if (!actor) return "";
  if (!action) throw new Error("authenticated route without an action");
  if (actor.kind === "api_key") {
    if (!can({ kind: "api_key" }, action)) {
      throw new AppError("api_key_not_allowed", "API keys cannot perform this action.", 403);
    }
    return actor.accountId;
  }
  const principal =
    actor.role && actor.accountId
      ? ({ kind: "member", role: actor.role, isOperator: actor.isOperator } as const)
      : ({ kind: "operator_without_account", isOperator: actor.isOperator } as const);
  if (!can(principal, action)) {
    if (principal.kind === "operator_without_account" && !actor.isOperator) {
      throw new AppError("no_account", "You are not a member of any account.", 403);
    }
    throw new AppError("insufficient_permissions", "Your role does not have access to this action.", 403);
  }
  return actor.accountId ?? "";
}

function toResponse(result: HandlerResult, requestId: string): Response {
  const response =
    result instanceof Response ? result : jsonResponse(result.body, { status: result.status ?? 200, headers: result.headers });
  response.headers.set("x-request-id", requestId);
  return response;
}

export function errorResponse(error: unknown, requestId: string): Response {
  if (error instanceof AppError) {
    return jsonResponse(errorBody(error, requestId), {
      status: error.status,
      headers: { "x-request-id": requestId, ...error.headers },
    });
  }
  if (isConnectionError(error)) {
    log.warn("database unavailable", { requestId, error: String(error) });
    return jsonResponse(
      errorBody({ code: "service_unavailable", message: "The service is temporarily unavailable. Retry shortly.", status: 503 }, requestId),
      { status: 503, headers: { "x-request-id": requestId, "retry-after": "2" } },
    );
  }
  log.error("unhandled error", {
    requestId,
    error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
  });
  return jsonResponse(
    errorBody({ code: "internal_error", message: "Something went wrong on our side. Quote the request id to support.", status: 500 }, requestId),
    { status: 500, headers: { "x-request-id": requestId } },
  );
}

export function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

/**
 * The one API route wrapper: request id → actor (session or API key) → permission → CSRF → body/query/params
 * through zod → optional Idempotency-Key → handler → typed errors mapped to the envelope.
 */
export function apiRoute<B = undefined, Q = undefined, P = undefined>(
  options: RouteOptions<B, Q, P>,
  handler: (ctx: RouteContext<B, Q, P>) => Promise<HandlerResult>,
) {
  const serve = async (request: Request, requestId: string, context?: NextRouteContext): Promise<Response> => {
    let limitHeaders: Record<string, string> | null = null;
    const withLimitHeaders = (response: Response): Response => {
      if (limitHeaders) for (const [name, value] of Object.entries(limitHeaders)) response.headers.set(name, value);
      return response;
    };
    try {
      const db = await getDb();
      const actor = await resolveActor(db, request, options.auth);
      const accountId = authorize(actor, options.action);
      if (options.rateLimit && actor?.kind === "api_key") {
        const decision = await hitRateLimit(db, {
          key: `api_key:${actor.apiKeyId}`,
          limit: rateLimitForPlan(actor.plan),
          windowSeconds: RATE_LIMIT_WINDOW_SECONDS,
        });
        limitHeaders = rateLimitHeaders(decision);
        if (!decision.allowed) {
          throw new AppError(
            "rate_limit_exceeded",
            `Too many requests: this key may make ${decision.limit} requests per minute. Retry after ${decision.retryAfterSeconds} s.`,
            429,
            {
              details: { limit: decision.limit, reset_at: decision.resetAt.toISOString(), retry_after_seconds: decision.retryAfterSeconds },
              headers: { "retry-after": String(decision.retryAfterSeconds) },
            },
          );
        }
      }
      if (actor?.kind === "session" && MUTATING.has(request.method)) assertSameOrigin(request);

      const rawBody = MUTATING.has(request.method) ? await readBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES) : "";
      let body = undefined as B;
      if (!options.rawBodyOnly && options.body) {
        const parsed = options.body.safeParse(parseJsonBody(rawBody, request.headers.get("content-type")));
        if (!parsed.success) throw zodToAppError(parsed.error, "body");
        body = parsed.data;
      } else if (!options.rawBodyOnly && rawBody.trim() !== "") {
        parseJsonBody(rawBody, request.headers.get("content-type"));
      }
      let query = undefined as Q;
      const url = new URL(request.url);
      if (options.query) {
        const parsed = options.query.safeParse(Object.fromEntries(url.searchParams));
        if (!parsed.success) throw zodToAppError(parsed.error, "query");
        query = parsed.data;
      }
      let params = undefined as P;
      if (options.params) {
        const parsed = options.params.safeParse((await context?.params) ?? {});
        if (!parsed.success) throw new AppError("not_found", "Record does not exist.", 404);
        params = parsed.data;
      }

      const ctx: RouteContext<B, Q, P> = { request, requestId, db, actor, accountId, body, query, params, rawBody };
      const idempotencyKey = request.headers.get("idempotency-key");
      if (options.idempotency && idempotencyKey !== null && request.method === "POST" && accountId) {
        const stored = await runIdempotent(
          db,
          { scope: accountId, key: idempotencyKey, fingerprint: fingerprintRequest(request.method, url.pathname, rawBody) },
          async () => {
            const result = await handler(ctx);
            if (result instanceof Response) {
              return { status: result.status, body: JSON.parse(await result.text()) as unknown };
            }
            return { status: result.status ?? 200, body: JSON.parse(toJson(result.body)) as unknown };
          },
        );
        const storedError = (stored.body as { __error?: AppError } | null)?.__error;
        if (storedError) {
          const replay = new AppError(storedError.code, storedError.message, storedError.status, { details: storedError.details });
          const response = errorResponse(replay, requestId);
          response.headers.set("idempotent-replayed", "true");
          return withLimitHeaders(response);
        }
        return withLimitHeaders(
          toResponse({ status: stored.status, body: stored.body, headers: stored.replayed ? { "idempotent-replayed": "true" } : {} }, requestId),
        );
      }
      return withLimitHeaders(toResponse(await handler(ctx), requestId));
    } catch (error) {
      return withLimitHeaders(errorResponse(error, requestId));
    }
  };
  return (request: Request, context?: NextRouteContext): Promise<Response> => {
    const requestId = requestIdOf(request);
    return withRequestContext({ requestId }, () => serve(request, requestId, context));
  };
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
      new AppError("method_not_allowed", `${request.method} is not allowed on ${new URL(request.url).pathname}. Allowed: ${allow}.`, 405, {
        headers: { allow },
      }),
      requestIdOf(request),
    );
  return Object.fromEntries(ROUTE_METHODS.map((m) => [m, handler])) as Record<RouteMethod, (request: Request) => Response>;
}
