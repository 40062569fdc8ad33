// 3. Postgres restarted under load. A private, throwaway cluster (initdb into a temp dir, own loopback port) so
//    the shared server is never touched: `pg_ctl stop -m fast` while usage requests stream in, then start it
//    again → while it is down every request gets a 503 `service_unavailable` envelope (with Retry-After), the app
//    recovers without a restart, and no usage event is lost or doubled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiKeyRequest,
  checkInvariants,
  createDatabase,
  envelopeProblem,
  seedOwner,
  sleep,
  startApps,
  startCashfree,
  startPrivateCluster,
  type AppInstance,
  type PrivateCluster,
  type TestDatabase,
} from "./harness";

const WORKERS = 4;
const OPENING = 1_000_000n;
const MAX_REQUESTS = 6_000;

interface EventState {
  id: string;
  credits: number;
  statuses: number[];
  done: boolean;
}

describe("Postgres restarted under load (private cluster)", () => {
  let cluster: PrivateCluster;
  let db: TestDatabase;
  let emu: Awaited<ReturnType<typeof startCashfree>>;
  let apps: AppInstance[] = [];

  beforeAll(async () => {
    cluster = await startPrivateCluster();
    db = await createDatabase("pgrestart", cluster.url);
    emu = await startCashfree();
    apps = await startApps(1, { databaseUrl: db.url, emulatorUrl: emu.url, env: { JOBS_IN_PROCESS: "0" } });
  });
  afterAll(async () => {
    for (const a of apps) if (a.proc?.exitCode !== null || a.proc?.signalCode !== null) console.error(`--- ${a.name} died (${a.proc?.exitCode}/${a.proc?.signalCode}) ---\n${a.log.slice(-60).join("\n")}`);
    await Promise.all(apps.map((a) => a.stop()));
    await emu?.close();
    await db?.sql.end().catch(() => {});
    await cluster?.destroy();
  });

  it("503 while down, recovers by itself, every event consumed exactly once", async () => {
    const app = apps[0]!;
    const pid = app.proc!.pid;
    const acct = await seedOwner(db.url, { tag: "pg", balanceCredits: OPENING, plan: "enterprise", apiKeys: 2 });

    const events: EventState[] = [];
    const pending: EventState[] = []; // answered with something other than 2xx: the client retries them
    const responses: { phase: Phase; answeredIn: Phase; ms: number; status: number; code?: string; retryAfter: string | null; problem: string | null }[] = [];
    type Phase = "before" | "stopping" | "down" | "starting" | "after" | "drain";
    let phase: Phase = "before";
    let sent = 0;
    let okSince = 0;
    const count = (p: Phase, s: (n: number) => boolean) => responses.filter((r) => r.phase === p && s(r.status)).length;

    const worker = async (w: number) => {
      while (sent < MAX_REQUESTS && phase !== "drain") {
        const retry = pending.shift();
        const e: EventState = retry ?? { id: `pg-evt-${events.length}`, credits: 1 + (events.length % 3), statuses: [], done: false };
        if (!retry) events.push(e);
        sent++;
        const at = phase;
        const t0 = Date.now();
        const r = await apiKeyRequest(app.url, acct.apiKeys[w % 2]!, "POST", "/api/v1/usage", { event_id: e.id, credits: e.credits });
        e.statuses.push(r.status);
        const code = (r.json as { error?: { code?: string } }).error?.code;
        responses.push({ phase: at, answeredIn: phase, ms: Date.now() - t0, status: r.status, code, retryAfter: r.headers.get("retry-after"), problem: r.status >= 400 ? envelopeProblem(r.status, r.json) : null });
        if (r.status === 200 || r.status === 201) {
          e.done = true;
          if (at === "after") okSince++;
        } else {
          pending.push(e);
          await sleep(25); // a polite client backs off a little
        }
      }
    };

    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    const deadline = (ms: number) => Date.now() + ms;
    const until = async (what: string, cond: () => boolean, ms: number) => {
      const end = deadline(ms);
      while (!cond()) {
        if (Date.now() > end) throw new Error(`load loop: timed out waiting for ${what} (sent ${sent})`);
        await sleep(20);
      }
    };

    await until("30 successes before the stop", () => count("before", (s) => s < 300) >= 30, 30_000);
    phase = "stopping";
    await cluster.stop();
    phase = "down";
    await until("12 answers while Postgres is down", () => responses.filter((r) => r.phase === "down" && r.answeredIn === "down").length >= 12, 20_000);
    await sleep(500);
    phase = "starting";
    await cluster.start();
    phase = "after";
    await until("30 successes after the restart", () => okSince >= 30, 30_000);
    phase = "drain";
    await load;

    // The client finishes its retries: every event it ever sent ends up consumed once.
    for (let round = 0; round < 20 && events.some((e) => !e.done); round++) {
      for (const e of events.filter((x) => !x.done)) {
        const r = await apiKeyRequest(app.url, acct.apiKeys[0]!, "POST", "/api/v1/usage", { event_id: e.id, credits: e.credits });
        e.statuses.push(r.status);
        if (r.status === 200 || r.status === 201) e.done = true;
      }
      if (events.some((e) => !e.done)) await sleep(250);
    }

    // Never a 500; while down, only the 503 envelope.
    const statuses = new Set(responses.map((r) => r.status));
    expect([...statuses].filter((s) => ![200, 201, 503].includes(s)), JSON.stringify(responses.filter((r) => ![200, 201, 503].includes(r.status)).slice(0, 5))).toEqual([]);
    // Sent and answered while Postgres was down (a request sent then may also finish after the restart: fine).
    const down = responses.filter((r) => r.phase === "down" && r.answeredIn === "down");
    expect(down.length).toBeGreaterThanOrEqual(12);
    for (const r of down) {
      expect(r.status).toBe(503);
      expect(r.code).toBe("service_unavailable");
      expect(r.problem).toBeNull();
      expect(r.retryAfter).toBe("2");
    }
    for (const r of responses.filter((x) => x.status === 503)) expect(r.code).toBe("service_unavailable");
    expect(app.proc!.pid).toBe(pid); // recovered without a restart
    expect(app.proc!.exitCode).toBeNull();

    // Nothing lost, nothing doubled.
    expect(events.every((e) => e.done)).toBe(true);
    const rows = await db.sql<{ cause_key: string; n: number; amount: string }[]>`
      select cause_key, count(*)::int as n, sum(amount_credits)::text as amount from ledger_entries
      where account_id = ${acct.accountId} and kind = 'usage' group by cause_key`;
    const byEvent = new Map(rows.map((r) => [r.cause_key.split(":").slice(2).join(":"), r]));
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    for (const e of events) expect(byEvent.get(e.id)?.amount, e.id).toBe(String(-e.credits));
    expect(rows.length).toBe(events.length);
    const total = events.reduce((a, e) => a + BigInt(e.credits), 0n);
    const [acc] = await db.sql<{ balance: string }[]>`select credit_balance::text as balance from accounts where id = ${acct.accountId}`;
    expect(BigInt(acc!.balance)).toBe(OPENING - total);
    expect((await checkInvariants(db.sql)).violations).toEqual([]);
    console.log(
      `[pg-restart] ${events.length} events, ${responses.length} requests; down: ${down.length}×503 (slowest ${Math.max(...down.map((r) => r.ms))} ms); retried events: ${events.filter((e) => e.statuses.length > 1).length}`,
    );
  });
});
