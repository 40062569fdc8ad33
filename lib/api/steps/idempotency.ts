import type { Db } from "@/lib/db";
import { fingerprintRequest, runIdempotent, type StoredResponse } from "@/lib/idempotency/run-idempotent";
import type { HandlerResult } from "../route-types";
import { errorResponse } from "./map-error";
import { toResponse } from "./respond";

/** Headers of the first response a replay repeats; x-request-id is the replaying request's own. */
const REPLAYED_HEADERS = ["content-type", "cache-control", "retry-after", "location", "content-disposition"];

/**
 * Runs the handler under the request's Idempotency-Key: whatever it answers — a body, a typed error, an unexpected
 * throw as the 500 envelope — is the response stored per account and replayed byte for byte with
 * `Idempotent-Replayed: true` (seed 004: "including 500 errors").
 */
export async function respondIdempotently(
  db: Db,
  input: { scope: string; key: string; request: Request; rawBody: string; requestId: string },
  handle: () => Promise<HandlerResult>,
): Promise<Response> {
  const stored = await runIdempotent(
    db,
    { scope: input.scope, key: input.key, fingerprint: fingerprintRequest(input.request.method, new URL(input.request.url).pathname, input.rawBody) },
    async (): Promise<StoredResponse> => {
      let response: Response;
      try {
        response = toResponse(await handle(), input.requestId);
      } catch (error) {
        response = errorResponse(error, input.requestId);
      }
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      return { status: response.status, bodyText: await response.text(), headers };
    },
  );
  return new Response(stored.bodyText, {
    status: stored.status,
    headers: { ...stored.headers, "x-request-id": input.requestId, ...(stored.replayed ? { "idempotent-replayed": "true" } : {}) },
  });
}
