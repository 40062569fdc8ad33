import { EventEmitter } from "node:events";
import { run, runOnce, type TaskList, type WorkerEvents } from "graphile-worker";
import { log } from "@/lib/log";
import type { JobDeps } from "./job-deps";
import { jobLogger } from "./job-logger";
import { ownPool } from "./job-pool";
import { makeTaskList, parsedCronItems, withoutTasks } from "./task-list";

export interface WorkerInput extends JobDeps {
  /** Postgres only: graphile-worker opens its own pg pool (LISTEN/NOTIFY for new jobs). */
  connectionString: string;
  /** Jobs run at once in this process (JOBS_CONCURRENCY). */
  concurrency?: number;
  /** Poll for future-dated jobs (retries) this often; new jobs arrive by NOTIFY at once. */
  pollIntervalMs?: number;
  /** Extra or replacement tasks (tests). */
  tasks?: TaskList;
  /** Tasks left to other runners (JOBS_SKIP_TASKS): neither run nor scheduled here. */
  skipTasks?: readonly string[];
}

export interface WorkerHandle {
  /** Graceful: stops taking jobs, lets running ones finish, releases the pool. */
  stop(): Promise<void>;
  /** Settles when the runner ends (rejects if it crashed). */
  done: Promise<void>;
}

/**
 * graphile-worker 0.17 records a finished job without awaiting it, unless completions are batched; batched
 * (delay 0, so nothing waits), shutdown flushes them first. Otherwise the last job of a `runOnce`, or of a
 * stopping worker, may stay locked and run again after the 4 h lock expiry.
 */
const preset = { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } };

function watchFailures(): WorkerEvents {
  const events: WorkerEvents = new EventEmitter();
  events.on("job:error", ({ job, error }) => {
    const fields = { jobId: job.id, task: job.task_identifier, attempt: job.attempts, maxAttempts: job.max_attempts, error: String(error) };
    if (job.attempts >= job.max_attempts) log.error("job failed permanently (retry it on /operator/jobs)", fields);
    else log.warn("job failed; graphile-worker retries it", fields);
  });
  return events;
}

/**
 * Starts a job runner in this process: every task (lib/jobs/task-list.ts) and the crontab. Any number may run
 * on one database (each job is locked by one worker; each cron tick fires once). Signals are the caller's
 * business (scripts/worker.ts, instrumentation-node.ts): call stop().
 */
export async function startWorker(input: WorkerInput): Promise<WorkerHandle> {
  const pgPool = ownPool(input.connectionString, Math.max(4, (input.concurrency ?? 5) + 2));
  const runner = await run({
    pgPool,
    concurrency: input.concurrency ?? 5,
    pollInterval: input.pollIntervalMs ?? 2000,
    noHandleSignals: true,
    logger: jobLogger,
    events: watchFailures(),
    preset,
    taskList: withoutTasks({ ...makeTaskList(input), ...input.tasks }, input.skipTasks ?? []),
    parsedCronItems: parsedCronItems(input.skipTasks),
  }).catch(async (error: unknown) => {
    await pgPool.end();
    throw error;
  });
  const done = runner.promise.finally(() => pgPool.end());
  return { stop: () => runner.stop().then(() => done), done };
}

/** Runs every job that is due now, one at a time, then returns (tests; no crontab). */
export async function runJobsOnce(input: Omit<WorkerInput, "concurrency" | "pollIntervalMs">): Promise<void> {
  await runJobsOnceWith(input.connectionString, { ...makeTaskList(input), ...input.tasks }, watchFailures());
}

/** runOnce on a pool of its own, ended (awaited) before this returns. */
export async function runJobsOnceWith(connectionString: string, taskList: TaskList, events?: WorkerEvents): Promise<void> {
  const pgPool = ownPool(connectionString, 4);
  try {
    await runOnce({ pgPool, noHandleSignals: true, logger: jobLogger, events, preset, taskList });
  } finally {
    await pgPool.end();
  }
}
