import { AppError } from "@/lib/errors";
import { zodToAppError } from "@/lib/validation/zod-error";
import type { NextRouteContext, RouteOptions } from "../route-types";
import { parseJsonBody } from "./read-json-body";

/** PostgreSQL text cannot hold U+0000, so a statement given one fails: such input is refused here instead. */
export function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === "object") return Object.entries(value).some(([k, v]) => k.includes("\u0000") || containsNul(v));
  return false;
}

const nulRefused = (where: "body" | "query") =>
  new AppError("invalid_request", `The request ${where === "body" ? "body" : "query string"} may not contain the NUL character (U+0000).`);

/**
 * Body, query and path params through the route's zod schemas; a bad path param is a 404 (no such record). Text
 * holding U+0000 is refused before the schemas: 400 in the body or query, 404 in the path.
 */
export async function validateInput<B, Q, P>(
  options: RouteOptions<B, Q, P>,
  request: Request,
  rawBody: string,
  context: NextRouteContext | undefined,
): Promise<{ body: B; query: Q; params: P }> {
  let body = undefined as B;
  if (!options.rawBodyOnly && options.body) {
    const json = parseJsonBody(rawBody, request.headers.get("content-type"));
    // In valid JSON a NUL can only be written as the escape \u0000.
    if (rawBody.includes("\\u0000") && containsNul(json)) throw nulRefused("body");
    const parsed = options.body.safeParse(json);
    if (!parsed.success) throw zodToAppError(parsed.error, "body");
    body = parsed.data;
  } else if (!options.rawBodyOnly && rawBody.trim() !== "") {
    parseJsonBody(rawBody, request.headers.get("content-type"));
  }
  let query = undefined as Q;
  if (options.query) {
    const raw = Object.fromEntries(new URL(request.url).searchParams);
    if (containsNul(raw)) throw nulRefused("query");
    const parsed = options.query.safeParse(raw);
    if (!parsed.success) throw zodToAppError(parsed.error, "query");
    query = parsed.data;
  }
  let params = undefined as P;
  if (options.params) {
    const raw = (await context?.params) ?? {};
    const parsed = options.params.safeParse(raw);
    if (!parsed.success || containsNul(raw)) throw new AppError("not_found", "Record does not exist.");
    params = parsed.data;
  }
  return { body, query, params };
}
