/**
 * Content-Security-Policy allowing exactly Cashfree's documented checkout domains in sandbox/production, and
 * only the local emulator's origin in emulator mode. Evaluated at build time (next.config.ts headers()).
 */
const CASHFREE_ORIGINS: Record<"sandbox" | "production", string[]> = {
  sandbox: ["https://sdk.cashfree.com", "https://sandbox.cashfree.com"],
  production: ["https://sdk.cashfree.com", "https://api.cashfree.com"],
};

export function contentSecurityPolicy(cashfreeEnv: string, emulatorUrl: string): string {
  const cashfree =
    cashfreeEnv === "sandbox" || cashfreeEnv === "production" ? CASHFREE_ORIGINS[cashfreeEnv] : [new URL(emulatorUrl).origin];
  const isDev = process.env.NODE_ENV !== "production";
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
