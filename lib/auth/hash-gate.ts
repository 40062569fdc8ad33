import os from "node:os";
import { getEnv } from "@/lib/config/env";
import { AppError } from "@/lib/errors";

/**
 * An in-process cap on concurrent password hashes (scrypt at N=2^17 is ~0.5 s of one core and 128 MiB each):
 * `concurrency` run at once, `queue` more may wait, and past that the caller is refused at once with 429
 * `too_many_requests` instead of waiting behind everybody else. One known client (IP) holds at most
 * `perClient` places, running or waiting, so a single attacker cannot fill the gate while others sign in;
 * callers whose IP is not known (no trusted proxy) are only subject to the global cap.
 */
export interface HashGate {
  run<T>(work: () => Promise<T>, options?: { clientKey?: string | null }): Promise<T>;
  /** Running and waiting now (for tests and logs). */
  load(): { running: number; waiting: number };
}

export interface HashGateOptions {
  concurrency: number;
  queue: number;
  perClient: number;
}

export const HASH_GATE_RETRY_AFTER_SECONDS = 1;

export const hashGateFull = () =>
  new AppError("too_many_requests", "The server is busy checking other passwords. Retry in a moment.", {
    retryAfterSeconds: HASH_GATE_RETRY_AFTER_SECONDS,
  });

export function createHashGate({ concurrency, queue, perClient }: HashGateOptions): HashGate {
  let running = 0;
  const waiting: Array<() => void> = [];
  const perKey = new Map<string, number>();

  const release = (key: string | null) => {
    if (key !== null) {
      const n = (perKey.get(key) ?? 1) - 1;
      if (n <= 0) perKey.delete(key);
      else perKey.set(key, n);
    }
    const next = waiting.shift();
    if (next) next();
    else running--;
  };

  return {
    async run(work, options = {}) {
      const key = options.clientKey ?? null;
      if (key !== null && (perKey.get(key) ?? 0) >= perClient) throw hashGateFull();
      if (running >= concurrency && waiting.length >= queue) throw hashGateFull();
      if (key !== null) perKey.set(key, (perKey.get(key) ?? 0) + 1);
      // A slot is handed over directly from the finishing run to the first waiter, so `running` stays exact.
      if (running < concurrency) running++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await work();
      } finally {
        release(key);
      }
    },
    load: () => ({ running, waiting: waiting.length }),
  };
}

/** PASSWORD_HASH_CONCURRENCY (unset: CPUs, at most 4 — libuv's default thread pool) and PASSWORD_HASH_QUEUE (unset: 2 × that). */
export function hashGateOptionsFromEnv(env = getEnv(), cpus = os.availableParallelism()): HashGateOptions {
  const concurrency = env.PASSWORD_HASH_CONCURRENCY > 0 ? env.PASSWORD_HASH_CONCURRENCY : Math.max(1, Math.min(4, cpus));
  return { concurrency, queue: env.PASSWORD_HASH_QUEUE ?? 2 * concurrency, perClient: 1 };
}

let processGate: HashGate | undefined;

/** The process's one gate, in front of every password hash and verification. */
export function passwordHashGate(): HashGate {
  processGate ??= createHashGate(hashGateOptionsFromEnv());
  return processGate;
}
