// CPU time spent during a run (Linux /proc): by the app server process (and its children), by the Postgres
// backends connected to the bench database, and by this process (the load generator), in ms per request.
import fs from "node:fs";
import { execFileSync } from "node:child_process";
import { BASE_PG } from "./harness.mjs";

const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim() || 100);

function procTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}

function allProcs() {
  const out = new Map();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    const p = procTicks(d);
    if (p) out.set(Number(d), p);
  }
  return out;
}

function descendants(procs, root) {
  const set = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of procs) {
      if (set.has(pid) || !set.has(p.ppid)) continue;
      set.add(pid);
      grew = true;
    }
  }
  return set;
}

function backendPids(dbName) {
  const out = execFileSync("psql", [BASE_PG, "-Atc", `select pid from pg_stat_activity where datname = '${dbName}'`]).toString();
  return out.split("\n").filter(Boolean).map(Number);
}

/**
 * Starts counting; `stop(requests)` answers ms of CPU per request for the app (its process tree), postgres (the
 * backends of this database) and the loader (this process), and for each extra process tree in `others`
 * (e.g. `{ worker: [pid] }` → `workerMsPerRequest`).
 */
export function cpuMeter(appPid, dbName, others = {}) {
  const before = allProcs();
  const self0 = process.cpuUsage();
  return (requests) => {
    const after = allProcs();
    const self = process.cpuUsage(self0);
    const delta = (pids) => [...pids].reduce((s, pid) => s + ((after.get(pid)?.ticks ?? 0) - (before.get(pid)?.ticks ?? 0)), 0) * TICK_MS;
    const per = (ms) => +(ms / Math.max(1, requests)).toFixed(3);
    return {
      appMsPerRequest: per(delta(descendants(after, appPid))),
      postgresMsPerRequest: per(delta(backendPids(dbName))),
      loaderMsPerRequest: per((self.user + self.system) / 1000),
      ...Object.fromEntries(
        Object.entries(others).map(([name, pids]) => [`${name}MsPerRequest`, per(pids.reduce((ms, pid) => ms + delta(descendants(after, pid)), 0))]),
      ),
    };
  };
}
