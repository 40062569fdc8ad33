import { AppError } from "@/lib/errors";
import { zodToAppError } from "@/lib/validation/zod-error";
import type { NextRouteContext, RouteOptions } from "../route-types";
import { parseJsonBody } from "./read-json-body";

/** Body, query and path params through the route's zod schemas; a bad path param is a 404 (no such record). */
export async function validateInput<B, Q, P>(
  options: RouteOptions<B, Q, P>,
  request: Request,
  rawBody: string,
  context: NextRouteContext | undefined,
): Promise<{ body: B; query: Q; params: P }> {
  let body = undefined as B;
  if (!options.rawBodyOnly && options.body) {
    const parsed = options.body.safeParse(parseJsonBody(rawBody, request.headers.get("content-type")));
    if (!parsed.success) throw zodToAppError(parsed.error, "body");
    body = parsed.data;
  } else if (!options.rawBodyOnly && rawBody.trim() !== "") {
    parseJsonBody(rawBody, request.headers.get("content-type"));
  }
  let query = undefined as Q;
  if (options.query) {
    const parsed = options.query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) throw zodToAppError(parsed.error, "query");
    query = parsed.data;
  }
  let params = undefined as P;
  if (options.params) {
    const parsed = options.params.safeParse((await context?.params) ?? {});
    if (!parsed.success) throw new AppError("not_found", "Record does not exist.");
    params = parsed.data;
  }
  return { body, query, params };
}
