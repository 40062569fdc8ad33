import { isConnectionError, pgErrorCode } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { errorBody, jsonResponse } from "../envelope";
import { httpStatusOf } from "../http-status";
import { CLOSE_CONNECTION_CODES } from "./read-json-body";

/**
 * Any thrown value → the error envelope: typed errors by their code's status; an unreachable database 503
 * `service_unavailable` (transient: Retry-After); a failing statement (any SQLSTATE) 500 `database_error` (seed
 * 001's code), its internals only in the log; the rest 500 `internal_error`.
 */
export function errorResponse(error: unknown, requestId: string, headers: Record<string, string> = {}): Response {
  if (error instanceof AppError) {
    return jsonResponse(errorBody(error, requestId), {
      status: httpStatusOf(error.code),
      headers: {
        "x-request-id": requestId,
        ...(error.retryAfterSeconds !== undefined ? { "retry-after": String(error.retryAfterSeconds) } : {}),
        ...(CLOSE_CONNECTION_CODES.has(error.code) ? { connection: "close" } : {}),
        ...headers,
      },
    });
  }
  if (isConnectionError(error)) {
    log.warn("database unavailable", { requestId, error: String(error) });
    return jsonResponse(errorBody({ code: "service_unavailable", message: "The service is temporarily unavailable. Retry shortly." }, requestId), {
      status: 503,
      headers: { "x-request-id": requestId, "retry-after": "2", ...headers },
    });
  }
  const sqlState = pgErrorCode(error);
  if (sqlState !== undefined) {
    log.error("database error", { requestId, sqlState, error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
    return jsonResponse(errorBody({ code: "database_error", message: "A database error occurred on our side. Quote the request id to support." }, requestId), {
      status: 500,
      headers: { "x-request-id": requestId, ...headers },
    });
  }
  log.error("unhandled error", {
    requestId,
    error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
  });
  return jsonResponse(
    errorBody({ code: "internal_error", message: "Something went wrong on our side. Quote the request id to support." }, requestId),
    { status: 500, headers: { "x-request-id": requestId, ...headers } },
  );
}
