// Job worker processes for the reliability suite: `npm run worker` (tsx scripts/worker.ts) as its own process
// group, started with an app instance's environment (same database, secrets and emulator), killable with -9.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ROOT, sleep, waitUntil } from "./harness";

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
  async kill9(): Promise<void> {
    const child = this.proc;
    if (!child?.pid || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
    await Promise.race([exited, sleep(10_000)]);
  }

  /** Graceful: running jobs finish first (scripts/worker.ts). */
  async stop(): Promise<void> {
    const child = this.proc;
    if (!child?.pid || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
    if ((await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)])) === false) await this.kill9();
  }
}
