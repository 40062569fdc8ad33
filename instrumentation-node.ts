import { ConfigError, getEnv } from "./lib/config/env";
import { getDbHandle } from "./lib/db";

/**
 * Validates configuration (production refuses to start without its secrets, naming the variable) and applies
 * migrations before the first request.
 */
export async function startNodeServer(): Promise<void> {
  try {
    getEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\nKhata cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const handle = await getDbHandle();
  const env = getEnv();
  if (env.WEBHOOK_WORKER) {
    const { runWebhookWorker } = await import("./lib/outbound-webhooks/run-webhook-worker");
    const stop = new AbortController();
    process.once("SIGTERM", () => stop.abort());
    void runWebhookWorker({ db: handle.db, intervalMs: env.WEBHOOK_WORKER_INTERVAL_MS, signal: stop.signal });
  }
}
