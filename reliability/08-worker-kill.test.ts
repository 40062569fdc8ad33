// 8. The webhook inbox under a storm while its settlement workers are killed with -9 and restarted: two
//    `next start` instances record every copy of every webhook; two workers settle them in batches; one worker is
//    SIGKILLed mid-batch, a fresh one starts, then the other is killed and replaced. Nothing recorded is lost
//    (every event ends settled, by another job's batch or by the sweep), nothing is doubled (one grant and one
//    invoice per order, numbers 1..n), balances exact.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkInvariants,
  createDatabase,
  createTopup,
  payInEmulator,
  pool,
  rng,
  seedOwner,
  sendWebhook,
  shuffled,
  SessionClient,
  startApps,
  startCashfree,
  waitUntil,
  type AppInstance,
  type PaidWebhook,
  type TestDatabase,
} from "./harness";
import { WorkerProcess } from "./workers";

const ORDERS = 90;
const COPIES = 2;
const SEED = Number(process.env.RELIABILITY_SEED ?? 20261123);

describe("kill -9 settlement workers mid-batch during a webhook storm", () => {
  let db: TestDatabase;
  let emu: Awaited<ReturnType<typeof startCashfree>>;
  let apps: AppInstance[] = [];
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    db = await createDatabase("workerkill");
    emu = await startCashfree();
    apps = await startApps(2, { databaseUrl: db.url, emulatorUrl: emu.url, env: { JOBS_IN_PROCESS: "0" } });
  });
  afterAll(async () => {
    for (const w of workers) for (const line of w.log.filter((l) => /rror|unhandled/.test(l)).slice(0, 3)) console.error(`[${w.name}] ${line.slice(0, 1500)}`);
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(apps.map((a) => a.stop()));
    await emu?.close();
    await db?.drop();
  });

  const newWorker = async () => {
    const w = new WorkerProcess(`worker${workers.length + 1}`, { ...apps[0]!.env(), JOBS_CONCURRENCY: "3", WEBHOOK_SETTLE_BATCH: "10" });
    workers.push(w);
    await w.start();
    return w;
  };
  const settledCount = async () => {
    const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from webhook_events where settled_at is not null`;
    return row!.n;
  };
  /** Is some backend of the database inside an open transaction that has written (a batch in flight)? */
  const batchInFlight = async () => {
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and backend_xid is not null`;
    return row!.n > 0;
  };

  it(`${ORDERS} orders × ${COPIES} copies; two workers killed with -9 and replaced: each order settled once`, async () => {
    const owner = await seedOwner(db.url, { tag: "workerkill" });
    const session = await SessionClient.signIn(apps[0]!.url, owner.ownerEmail);
    const amounts = Array.from({ length: ORDERS }, (_, i) => 300 + i);
    const orderIds = await pool(amounts, 4, (credits, i) => createTopup(session, apps[i % 2]!.url, credits));
    const paid: PaidWebhook[] = await pool(orderIds, 8, (id) => payInEmulator(emu, id, false));
    const [first, second] = [await newWorker(), await newWorker()];

    const sends = shuffled(
      paid.flatMap((w, i) => Array.from({ length: COPIES }, (_, c) => ({ w, app: apps[(i + c) % 2]! }))),
      rng(SEED),
    );
    const answers: number[] = [];
    const kills: { worker: string; settledBefore: number; inFlight: boolean }[] = [];
    // The storm, 6 at a time; the chaos runs beside it.
    const storm = pool(sends, 6, async ({ w, app }) => {
      answers.push((await sendWebhook(app.url, w.rawBody)).status);
    });
    const chaos = (async () => {
      for (const [victim, atLeast] of [
        [first, Math.floor(ORDERS * 0.2)],
        [second, Math.floor(ORDERS * 0.5)],
      ] as const) {
        await waitUntil(`${atLeast} events settled`, async () => ((await settledCount()) >= atLeast ? true : undefined), 60_000, 20);
        await waitUntil("a settlement batch in flight", async () => ((await batchInFlight()) ? true : undefined), 10_000, 5).catch(() => undefined);
        const inFlight = await batchInFlight();
        const settledBefore = await settledCount();
        await victim.kill9();
        kills.push({ worker: victim.name, settledBefore, inFlight });
        await newWorker();
      }
    })();
    await Promise.all([storm, chaos]);
    console.info(`[08] kills: ${JSON.stringify(kills)}`);

    expect(answers.filter((s) => s !== 200), "every copy is acknowledged by a live instance").toEqual([]);
    expect(kills.map((k) => k.worker)).toEqual(["worker1", "worker2"]);
    expect(first.proc?.signalCode).toBe("SIGKILL");
    expect(second.proc?.signalCode).toBe("SIGKILL");
    // At least one kill landed while events were still waiting (it interrupted settlement, not an idle worker).
    expect(kills.some((k) => k.settledBefore < ORDERS)).toBe(true);

    // Events a dead worker held are settled by other jobs' batches or, at the latest, by the minute's sweep.
    await waitUntil(
      "every recorded event to be settled",
      async () => {
        const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from webhook_events where settled_at is null`;
        return row!.n === 0 ? true : undefined;
      },
      120_000,
      250,
    );

    const report = await checkInvariants(db.sql);
    expect(report.violations).toEqual([]);
    expect(report.paidOrders).toBe(ORDERS);
    expect(report.invoices).toBe(ORDERS);
    const [acc] = await db.sql<{ balance: string }[]>`select credit_balance::text as balance from accounts where id = ${owner.accountId}`;
    expect(BigInt(acc!.balance)).toBe(BigInt(amounts.reduce((a, b) => a + b, 0)));
    const [events] = await db.sql<{ n: number; failed: number }[]>`
      select count(*)::int as n, count(*) filter (where settle_attempts > 0)::int as failed from webhook_events where payment_status = 'SUCCESS'`;
    expect(events!.n).toBe(ORDERS);
    expect(events!.failed, "no event needed a retry after a savepoint failure").toBe(0);
  });
});
