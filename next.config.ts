import type { NextConfig } from "next";
import { staticSecurityHeaders } from "./lib/security/security-headers";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // scripts/check-bundle.mjs builds a sandbox-mode copy beside the main build.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // Loaded from node_modules at run time, never bundled: the database driver, the job runner (it loads its SQL
  // migrations at run time), the PDF renderer and the logger (pino and pino-pretty are on Next's own list too;
  // named here so a change to that list cannot bundle them).
  serverExternalPackages: ["pg", "graphile-worker", "@react-pdf/renderer", "pino", "pino-pretty", "thread-stream"],
  // Type errors are caught by `npm run typecheck` (part of `npm test`), not a second time inside the build.
  typescript: { ignoreBuildErrors: true },
  // The Content-Security-Policy is per request, with a nonce (proxy.ts); these are the same on every response.
  async headers() {
    return [{ source: "/:path*", headers: staticSecurityHeaders(process.env.NODE_ENV) }];
  },
};

export default nextConfig;
