/**
 * Content-Security-Policy allowing exactly Cashfree's documented checkout domains in sandbox/production, and
 * only the local emulator's origin in emulator mode. Evaluated at build time (next.config.ts headers()), so it
 * takes the build's configuration (`parseBuildEnv`) rather than reading the environment itself.
 */
import type { BuildEnv } from "@/lib/config/env";

const CASHFREE_ORIGINS: Record<"sandbox" | "production", string[]> = {
  sandbox: ["https://sdk.cashfree.com", "https://sandbox.cashfree.com"],
  production: ["https://sdk.cashfree.com", "https://api.cashfree.com"],
};

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * The emulator's origin. On loopback any port is allowed: the policy is fixed at build time, and a build is reused
 * with an emulator on whatever free port the test runner picked. A non-loopback emulator gets its exact origin.
 */
function emulatorSource(emulatorUrl: string): string {
  const url = new URL(emulatorUrl);
  return LOOPBACK_HOSTS.has(url.hostname) ? `${url.protocol}//${url.hostname}:*` : url.origin;
}

export function contentSecurityPolicy(env: BuildEnv): string {
  const cashfree = env.CASHFREE_ENV === "emulator" ? [emulatorSource(env.CASHFREE_EMULATOR_URL)] : CASHFREE_ORIGINS[env.CASHFREE_ENV];
  const isDev = env.NODE_ENV !== "production";
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // Next.js inlines its bootstrap scripts; 'unsafe-eval' only in dev for React refresh.
    "script-src": ["'self'", "'unsafe-inline'", ...(isDev ? ["'unsafe-eval'"] : []), ...cashfree],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...cashfree],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...cashfree, ...(isDev ? ["ws:"] : [])],
    "frame-src": ["'self'", ...cashfree],
    "form-action": ["'self'", ...cashfree],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(" ")}`)
    .join("; ");
}
