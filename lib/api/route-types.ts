import type { z } from "zod";
import type { Action } from "@/lib/auth/policy";
import type { Db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import type { KeyedCall } from "@/lib/api-keys/api-key-gate";

export type AuthMode =
  /** Dashboard session only; an API key is refused with `api_key_not_allowed`. */
  | "session"
  /** Machine endpoints: an API key, or a session of a member of the account. */
  | "session_or_api_key"
  /** Signature-verified or otherwise self-authenticating endpoints (Cashfree webhook). */
  | "public";

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
   * Hot machine endpoints (POST /api/v1/usage): an API-key call with a valid body is answered by this one service
   * call, which authenticates the key, counts its rate limit and does the work in ONE database round trip
   * (steps/api-key-in-one-step.ts). It must give the answers the ordinary steps + handler give; every other call
   * (a session, a body the schema refuses) takes those steps. Needs an action API keys may do.
   */
  apiKeyInOneStep?: (input: { db: Db; presentedKey: string; clientIp: string | null; body: B }) => Promise<KeyedCall<HandlerResult>>;
}

export type HandlerResult = Response | { status?: number; body: unknown; headers?: Record<string, string> };

export type NextRouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export const MUTATING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
