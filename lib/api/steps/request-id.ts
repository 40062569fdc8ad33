import { randomUUID } from "node:crypto";

/** The caller's X-Request-Id when it is a sane token, else a fresh one. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}
