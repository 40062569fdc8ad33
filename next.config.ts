import type { NextConfig } from "next";
import { parseBuildEnv } from "./lib/config/env";
import { contentSecurityPolicy } from "./lib/security/csp";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // scripts/check-bundle.mjs builds a sandbox-mode copy beside the main build.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // PGlite ships WASM and postgres.js opens sockets: load them from node_modules at run time, never bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "@react-pdf/renderer"],
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
