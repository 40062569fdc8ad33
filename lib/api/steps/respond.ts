import { jsonResponse } from "../envelope";
import type { HandlerResult } from "../route-types";

export function toResponse(result: HandlerResult, requestId: string): Response {
  const response = result instanceof Response ? result : jsonResponse(result.body, { status: result.status ?? 200, headers: result.headers });
  response.headers.set("x-request-id", requestId);
  return response;
}
