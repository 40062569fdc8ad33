import type { Env } from "@/lib/config/env";
import { AppError } from "@/lib/errors";

/**
 * Cookie-authenticated writes must come from a configured origin: APP_URL, or one listed in TRUSTED_ORIGINS
 * (route handlers get no CSRF check of their own). Never from an origin built from Host or X-Forwarded-Proto:
 * those are the request's own claims, so an attacker-controlled request could always match them.
 */
export function checkOrigin(request: Request, env: Pick<Env, "APP_URL" | "TRUSTED_ORIGINS">): void {
  const origin = request.headers.get("origin");
  const allowed = new Set<string>([new URL(env.APP_URL).origin, ...env.TRUSTED_ORIGINS]);
  if (!origin || origin === "null" || !allowed.has(origin)) {
    throw new AppError("csrf_rejected", "Cross-site request refused: the Origin header is missing or not this site.");
  }
}
