import type { NextConfig } from "next";
import { parseBuildEnv } from "./lib/config/env";
import { contentSecurityPolicy } from "./lib/security/csp";

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
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: contentSecurityPolicy(parseBuildEnv(process.env)) },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
