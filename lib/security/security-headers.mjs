// Plain JavaScript (types in security-headers.d.mts) because next.config.mjs imports it at every server start: a
// TypeScript config makes `next start` load the SWC compiler (~30 MB resident) only to transpile the config.

/** Two years, subdomains included: the value hstspreload.org asks for (without `preload`, which is a separate choice). */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/** For /api/* (JSON, PDFs sent as attachments), which skips proxy.ts so that bodies stream to the route unread. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers that are the same on every response (next.config.mjs). The CSP is per request (proxy.ts). HSTS is sent
 * whenever the build is a production build: browsers ignore it over plain http (the e2e server on localhost), and
 * behind a TLS proxy it is what keeps the next visit on https.
 */
export function staticSecurityHeaders(nodeEnv) {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    ...(nodeEnv === "production" ? [{ key: "Strict-Transport-Security", value: HSTS_VALUE }] : []),
  ];
}
