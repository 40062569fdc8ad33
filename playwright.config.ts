import { defineConfig } from "@playwright/test";

// Started by scripts/e2e.mjs, which builds, seeds, runs the emulator and `next start`, and sets E2E_BASE_URL. Each
// shard it runs at once (E2E_SHARD) writes its own artifacts.
const baseURL = process.env.E2E_BASE_URL ?? "http://localhost:3000";
const artifacts = process.env.E2E_SHARD ? `e2e/artifacts/shard-${process.env.E2E_SHARD}` : "e2e/artifacts";
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: `${artifacts}/results`,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [
    ["list"],
    ["html", { outputFolder: `${artifacts}/report`, open: "never" }],
    ["json", { outputFile: `${artifacts}/results.json` }],
  ],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "api", testDir: "e2e/api" },
    { name: "browser", testDir: "e2e/browser", use: { viewport: { width: 1280, height: 800 } } },
  ],
});
