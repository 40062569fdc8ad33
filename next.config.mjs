// JavaScript, not TypeScript: `next start` loads a next.config.ts through the SWC compiler (~30 MB resident in every
// server process, measured) only to transpile it.
import { API_CONTENT_SECURITY_POLICY, staticSecurityHeaders } from "./lib/security/security-headers.mjs";

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // scripts/check-bundle.mjs builds a sandbox-mode copy beside the main build.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // Loaded from node_modules at run time, never bundled: the database driver, the job runner (it loads its SQL
  // migrations at run time), the PDF renderer, the XLSX writer (exceljs: archiver, Node streams) and the logger (pino and pino-pretty are on Next's own list too;
  // named here so a change to that list cannot bundle them).
  serverExternalPackages: ["pg", "graphile-worker", "@react-pdf/renderer", "pino", "pino-pretty", "thread-stream", "exceljs"],
  // Type errors are caught by `npm run typecheck` (part of `npm test`), not a second time inside the build.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // Turbopack's scope hoisting (on by default in production builds) merged lib/cashfree/errors.ts into two module
    // groups of one route, i.e. two CashfreeApiError classes: Cashfree's 409 "plan already exists" failed
    // `instanceof` in start-subscription and answered 500 (vercel/next.js#89192: duplicate class definitions break
    // instanceof). Without hoisting every module is one factory, instantiated once.
    turbopackScopeHoisting: false,
    // Server actions (forms) read their body with a running limit (Next's own, answered 413). Pages also pass
    // through proxy.ts, for which Next copies the body first: at most this much is kept. /api/* skips the proxy and
    // reads its bodies under lib/api's streamed limit (docs/ABUSE.md).
    serverActions: { bodySizeLimit: "1mb" },
    proxyClientMaxBodySize: "1mb",
  },
  // The pages' Content-Security-Policy is per request, with a nonce (proxy.ts); /api/* gets a fixed one that allows
  // nothing (JSON and attachments are never rendered as documents); the rest is the same on every response.
  async headers() {
    return [
      { source: "/:path*", headers: staticSecurityHeaders(process.env.NODE_ENV) },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;
