import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { fingerprintRequest, runIdempotent, type StoredOutcome } from "@/lib/idempotency/run-idempotent";
import { toJsonValue } from "@/lib/json";
import { httpStatusOf } from "../http-status";
import type { HandlerResult } from "../route-types";
import { errorResponse } from "./map-error";
import { toResponse } from "./respond";

const REPLAYED = { "idempotent-replayed": "true" };

/**
 * Runs the handler under the request's Idempotency-Key: its outcome (body, or typed error) is stored per account
 * and replayed with `Idempotent-Replayed: true`. A replayed body loses the handler's own headers (as stored).
 */
export async function respondIdempotently(
  db: Db,
  input: { scope: string; key: string; request: Request; rawBody: string; requestId: string },
  handle: () => Promise<HandlerResult>,
): Promise<Response> {
  const first: { error?: AppError } = {};
  const outcome = await runIdempotent(
    db,
    { scope: input.scope, key: input.key, fingerprint: fingerprintRequest(input.request.method, new URL(input.request.url).pathname, input.rawBody) },
    async (): Promise<StoredOutcome> => {
      try {
        const result = await handle();
        if (result instanceof Response) return { kind: "ok", status: result.status, body: JSON.parse(await result.text()) as unknown };
        return { kind: "ok", status: result.status ?? 200, body: toJsonValue(result.body) };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        first.error = error;
        return { kind: "error", status: httpStatusOf(error.code), code: error.code, message: error.message, details: error.details };
      }
    },
  );
  if (outcome.kind === "error") {
    // The first answer is the error itself (with its Retry-After, if any); a replay rebuilds it from the store.
    if (!outcome.replayed && first.error) return errorResponse(first.error, input.requestId);
    const replay = new AppError(outcome.code, outcome.message, { details: outcome.details });
    return errorResponse(replay, input.requestId, REPLAYED);
  }
  return toResponse({ status: outcome.status, body: outcome.body, headers: outcome.replayed ? REPLAYED : {} }, input.requestId);
}
