import path from "node:path";
import { defineConfig } from "vitest/config";

// npm run test:reliability (scripts/reliability.mjs): fault and load tests against `next start` instances of the
// production build on real Postgres. One file at a time: each starts its own instances and database.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    name: "reliability",
    include: ["reliability/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    retry: 0,
    reporters: ["default"],
  },
});
