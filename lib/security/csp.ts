/**
 * Content-Security-Policy for one response: scripts only with this request's nonce (and whatever those scripts load,
 * via 'strict-dynamic': Next's chunks, the Cashfree SDK's injected script), never inline or injected by an attacker.
 * Cashfree's documented checkout domains in sandbox/production, only the local emulator's origin in emulator mode.
 * Built per request by proxy.ts, which hands the nonce to Next (it reads it back from the request's CSP header).
 */
import type { BuildEnv } from "@/lib/config/env";

const CASHFREE_ORIGINS: Record<"sandbox" | "production", string[]> = {
  sandbox: ["https://sdk.cashfree.com", "https://sandbox.cashfree.com"],
  production: ["https://sdk.cashfree.com", "https://api.cashfree.com"],
};

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * The emulator's origin. On loopback any port is allowed: test runners start the emulator on whatever free port
 * they picked, and a build is reused across runs. A non-loopback emulator gets its exact origin.
 */
function emulatorSource(emulatorUrl: string): string {
  const url = new URL(emulatorUrl);
  return LOOPBACK_HOSTS.has(url.hostname) ? `${url.protocol}//${url.hostname}:*` : url.origin;
}

/** A fresh, unguessable nonce (128 random bits, base64) for one response. */
export function generateNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Takes the configuration as an argument (`parseBuildEnv`, the non-secret settings) rather than reading it. */
export function contentSecurityPolicy(env: BuildEnv, nonce: string): string {
  const cashfree = env.CASHFREE_ENV === "emulator" ? [emulatorSource(env.CASHFREE_EMULATOR_URL)] : CASHFREE_ORIGINS[env.CASHFREE_ENV];
  const isDev = env.NODE_ENV !== "production";
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // Browsers that know 'strict-dynamic' ignore 'self' and host sources in script-src; they stay for older ones.
    // 'unsafe-eval' only in dev, for React's debugging.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(isDev ? ["'unsafe-eval'"] : []), ...cashfree],
    // style attributes (React's style={…}, Radix's positioning, recharts) cannot carry a nonce, and a nonce here would
    // switch 'unsafe-inline' off; inline styles cannot run code.
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
