import { defineConfig } from "vitest/config";
import path from "node:path";

const alias = { "@": path.resolve(import.meta.dirname) };

// unit: pure tests beside the code (*.test.ts). integration: *.int.test.ts on real PostgreSQL, each suite in a fresh
// database cloned from a migrated template (lib/testing/global-setup.ts: TEST_DATABASE_URL, or an embedded server).
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "lib/**/*.test.tsx", "components/**/*.test.ts", "emulator/**/*.test.ts", "scripts/**/*.test.ts", "eslint/**/*.test.ts", "proxy.test.ts"],
          exclude: ["**/*.int.test.ts", "**/*.int.test.tsx", "node_modules/**"],
          environment: "node",
          sequence: { groupOrder: 0 },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          globalSetup: ["lib/testing/global-setup.ts"],
          include: ["**/*.int.test.ts", "**/*.int.test.tsx"],
          exclude: ["node_modules/**", "e2e/**"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
