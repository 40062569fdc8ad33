import type { AppError, ErrorCode } from "@/lib/errors";
import { toJson } from "@/lib/json";
import { httpStatusOf } from "./http-status";

export interface ErrorEnvelope {
  success: false;
  error: {
    code: ErrorCode;
    message: string;
    status: number;
    timestamp: string;
    request_id?: string;
    details?: Record<string, unknown>;
  };
}

export function errorBody(
  error: Pick<AppError, "code" | "message" | "details">,
  requestId?: string,
): ErrorEnvelope {
  return {
    success: false,
    error: {
      code: error.code,
      message: error.message,
      status: httpStatusOf(error.code),
      timestamp: new Date().toISOString(),
      ...(requestId ? { request_id: requestId } : {}),
      ...(error.details ? { details: error.details } : {}),
    },
  };
}

export function jsonResponse(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(toJson(body), {
    status: init.status ?? 200,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...init.headers },
  });
}
