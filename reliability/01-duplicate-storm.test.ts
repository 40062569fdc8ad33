// 1. Two `next start` instances on one Postgres; a storm of duplicate signed success webhooks split across both,
//    plus concurrent verify calls → every order credited exactly once, one invoice each, numbers gap-free.
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
  startJobWorker,
  waitForSettlement,
  type AppInstance,
  type JobWorker,
  type PaidWebhook,
  type TestDatabase,
} from "./harness";

const ORDERS = 40;
const COPIES = 5;
const SEED = Number(process.env.RELIABILITY_SEED ?? 20261123);

describe("duplicate webhook storm across two instances", () => {
  let db: TestDatabase;
  let emu: Awaited<ReturnType<typeof startCashfree>>;
  let apps: AppInstance[] = [];
  let worker: JobWorker | undefined;

  beforeAll(async () => {
    db = await createDatabase("storm");
    emu = await startCashfree();
    apps = await startApps(2, { databaseUrl: db.url, emulatorUrl: emu.url, env: { JOBS_IN_PROCESS: "0" } });
    worker = await startJobWorker(db.url);
  });
  afterAll(async () => {
    await worker?.stop();
    await Promise.all(apps.map((a) => a.stop()));
    await emu?.close();
    await db?.drop();
  });

  it(`${ORDERS} orders × ${COPIES} webhook copies + verify calls, alternating instances: each credited once`, async () => {
    const owner = await seedOwner(db.url, { tag: "storm" });
    const session = await SessionClient.signIn(apps[0]!.url, owner.ownerEmail);
    const amounts = Array.from({ length: ORDERS }, (_, i) => 100 + i);
    const orderIds = await pool(amounts, 4, (credits, i) => createTopup(session, apps[i % 2]!.url, credits));
    const paid: PaidWebhook[] = await pool(orderIds, 8, (id) => payInEmulator(emu, id, false));

    // The storm: every copy of every order's webhook, and two verify calls per order, all at once.
    const jobs: (() => Promise<{ kind: string; status: number; body: unknown }>)[] = [];
    paid.forEach((w, i) => {
      for (let c = 0; c < COPIES; c++) {
        const app = apps[(i + c) % 2]!;
        jobs.push(async () => ({ kind: "webhook", ...(await sendWebhook(app.url, w.rawBody).then((r) => ({ status: r.status, body: r.json }))) }));
      }
      for (let v = 0; v < 2; v++) {
        const app = apps[(i + v + 1) % 2]!;
        jobs.push(async () => {
          const r = await session.request(app.url, "POST", "/api/v1/payments/verify", { order_id: w.orderId });
          return { kind: "verify", status: r.status, body: r.json };
        });
      }
    });
    // Interleave with a seeded shuffle (reproducible), then fire everything concurrently.
    const results = await Promise.all(shuffled(jobs, rng(SEED)).map((job) => job()));

    const bad = results.filter((r) => r.status !== 200);
    expect(bad, JSON.stringify(bad.slice(0, 5))).toEqual([]);
    const fresh = results.filter((r) => r.kind === "webhook" && (r.body as { duplicate?: boolean }).duplicate === false);
    // At most one copy per order is recorded (and queued); the rest are duplicates.
    expect(fresh.length).toBeLessThanOrEqual(ORDERS);
    for (const r of results.filter((x) => x.kind === "verify")) expect(String((r.body as { status?: string }).status).toUpperCase()).toBe("PAID");
    // The webhooks were answered on recording; the worker settles them (a verify may have got there first).
    await waitForSettlement(db.sql);

    const report = await checkInvariants(db.sql);
    expect(report.violations).toEqual([]);
    expect(report.paidOrders).toBe(ORDERS);
    expect(report.invoices).toBe(ORDERS);
    const [acc] = await db.sql<{ balance: string }[]>`select credit_balance::text as balance from accounts where id = ${owner.accountId}`;
    expect(BigInt(acc!.balance)).toBe(BigInt(amounts.reduce((a, b) => a + b, 0)));
    const [events] = await db.sql<{ n: number }[]>`select count(*)::int as n from webhook_events where payment_status = 'SUCCESS'`;
    expect(events!.n).toBe(ORDERS);
  });
});
