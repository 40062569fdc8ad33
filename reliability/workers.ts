// Job worker processes for the reliability suite: `npm run worker` (tsx scripts/worker.ts) as its own process
// group, started with an app instance's environment (same database, secrets and emulator), killable with -9.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ROOT, signalGroup, waitUntil } from "./harness";

const TSX_CLI = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

export class WorkerProcess {
  proc: ChildProcess | null = null;
  readonly log: string[] = [];
  constructor(
    readonly name: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Starts the worker and waits for its "job worker started" line (it is then listening for jobs). */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.running) throw new Error(`${this.name} already running`);
    const child = spawn(process.execPath, [TSX_CLI, "scripts/worker.ts"], {
      cwd: ROOT,
      env: { ...this.env, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) this.log.push(line);
      if (this.log.length > 400) this.log.splice(0, this.log.length - 400);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.proc = child;
    await waitUntil(
      `${this.name} to start`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}:\n${this.log.slice(-30).join("\n")}`);
        return this.log.some((l) => l.includes("job worker started")) || undefined;
      },
      timeoutMs,
      100,
    );
  }

  /** SIGKILL the process group: running jobs die mid-transaction (their locks stay until graphile-worker's timeout). */
  kill9(): Promise<void> {
    return signalGroup(this.proc, "SIGKILL", 10_000).then(() => undefined);
  }

  /** Graceful: running jobs finish first (scripts/worker.ts). */
  async stop(): Promise<void> {
    if (!(await signalGroup(this.proc, "SIGTERM", 10_000))) await this.kill9();
  }
}
