import type { z } from "zod";
import { CashfreeApiError, CashfreeResponseError } from "./errors";
import { errorBodySchema } from "./types";

/** A 2xx body read through its schema; anything else is a CashfreeResponseError naming what did not match. */
export function parseSuccess<T>(schema: z.ZodType<T>, text: string, status: number, requestId: string, product = "Cashfree"): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CashfreeResponseError(`${product} returned a non-JSON success body`, { requestId, status, issues: ["body is not JSON"] });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new CashfreeResponseError(`${product} response did not match the expected shape: ${issues.join("; ")}`, { requestId, status, issues });
  }
  return parsed.data;
}

/** A non-2xx answer as a CashfreeApiError, with Cashfree's own code/type when the body is its error shape. */
export function toApiError(status: number, text: string, requestId: string, product = "Cashfree"): CashfreeApiError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = errorBodySchema.safeParse(json);
  if (parsed.success) return new CashfreeApiError({ status, requestId, message: parsed.data.message, code: parsed.data.code, type: parsed.data.type });
  return new CashfreeApiError({
    status,
    requestId,
    message: `${product} returned HTTP ${status} without an error body`,
    code: "unknown",
    type: status >= 500 ? "api_error" : "invalid_request_error",
  });
}
