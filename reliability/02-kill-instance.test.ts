// 2. kill -9 the instance Cashfree delivers to, in the middle of a webhook storm; restart it; let the emulator's
//    retries land → ledger sum = balances, every paid order credited once, no half-settled order, no orphan invoice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkInvariants,
  createDatabase,
  createTopup,
  pool,
  seedOwner,
  SessionClient,
  startApps,
  startCashfree,
  startJobWorker,
  waitForSettlement,
  waitUntil,
  type AppInstance,
  type JobWorker,
  type TestDatabase,
} from "./harness";

const ORDERS = 30;
const KILL_AFTER = 10;
// Attempts = 1 + retries; the last retry lands ~12 s after the first attempt, well after the victim is back.
const RETRY_DELAYS_MS = [300, 600, 1000, 1500, 2000, 3000, 4000];

interface Delivery {
  order_id: string;
  attempt: number;
  status: number | null;
  error: string | null;
  type: string;
}

describe("kill -9 an instance mid-storm", () => {
  let db: TestDatabase;
  let emu: Awaited<ReturnType<typeof startCashfree>>;
  let apps: AppInstance[] = [];
  let worker: JobWorker | undefined;

  beforeAll(async () => {
    db = await createDatabase("kill");
    emu = await startCashfree();
    await emu.control("POST", "/__control/config", { webhookRetryDelaysMs: RETRY_DELAYS_MS, webhookTimeoutMs: 5000 });
    // APP_URL = app1 for both, so every order's notify_url points at app1: the victim.
    apps = await startApps(2, { databaseUrl: db.url, emulatorUrl: emu.url, env: { JOBS_IN_PROCESS: "0" } });
    worker = await startJobWorker(db.url);
  });
  afterAll(async () => {
    await worker?.stop();
    await Promise.all(apps.map((a) => a.stop()));
    await emu?.close();
    await db?.drop();
  });

  it("every order paid during the crash is credited exactly once after the victim restarts", async () => {
    const [victim, survivor] = apps as [AppInstance, AppInstance];
    const owner = await seedOwner(db.url, { tag: "kill" });
    const session = await SessionClient.signIn(survivor.url, owner.ownerEmail);
    const credits = Array.from({ length: ORDERS }, (_, i) => 200 + i);
    const orderIds = await pool(credits, 4, (c) => createTopup(session, survivor.url, c));

    // The storm: the emulator pays each order and delivers its webhook to the victim (with retries), 6 at a
    // time; after KILL_AFTER payments were acknowledged the victim is SIGKILLed while deliveries are in flight.
    let acknowledged = 0;
    let killing: Promise<void> | null = null;
    const verifyCalls: Promise<number>[] = [];
    await pool(orderIds, 6, async (id, i) => {
      await emu.control("POST", `/__control/orders/${id}/pay`, { outcome: "success", deliver: true });
      acknowledged++;
      if (acknowledged === KILL_AFTER) killing = victim.kill9();
      // Some customers come back from checkout meanwhile: verify on the survivor.
      if (i % 3 === 0) verifyCalls.push(session.request(survivor.url, "POST", "/api/v1/payments/verify", { order_id: id }).then((r) => r.status));
    });
    expect(killing).not.toBeNull();
    await killing;
    expect(victim.proc?.signalCode).toBe("SIGKILL");
    expect((await Promise.all(verifyCalls)).every((s) => s === 200)).toBe(true);

    await victim.start();

    // Bounded wait for the retries: every order has a 2xx delivery of its success webhook.
    const log = await waitUntil(
      "every order's webhook to be acknowledged",
      async () => {
        const { deliveries } = await emu.control<{ deliveries: Delivery[] }>("GET", "/__control/webhooks/log");
        const ok = new Set(deliveries.filter((d) => d.status !== null && d.status >= 200 && d.status < 300).map((d) => d.order_id));
        return orderIds.every((id) => ok.has(id)) ? deliveries : undefined;
      },
      30_000,
      250,
    );
    const failed = log.filter((d) => d.status === null || d.status >= 300);
    expect(failed.length, "some deliveries must have hit the dead instance").toBeGreaterThan(0);
    expect(log.some((d) => d.attempt > 1 && d.status !== null && d.status < 300), "a retry landed").toBe(true);
    expect(log.filter((d) => d.status !== null && d.status >= 500), "no 5xx from a live instance").toEqual([]);

    // Acknowledged means recorded with its settlement job: the worker settles every one of them.
    await waitForSettlement(db.sql);
    const report = await checkInvariants(db.sql);
    expect(report.violations).toEqual([]);
    expect(report.paidOrders).toBe(ORDERS);
    expect(report.invoices).toBe(ORDERS);
    const statuses = await db.sql<{ status: string; n: number }[]>`select status, count(*)::int as n from orders group by status`;
    expect(statuses).toEqual([{ status: "PAID", n: ORDERS }]);
    const [acc] = await db.sql<{ balance: string }[]>`select credit_balance::text as balance from accounts where id = ${owner.accountId}`;
    expect(BigInt(acc!.balance)).toBe(BigInt(credits.reduce((a, b) => a + b, 0)));
    // No webhook event recorded without its settlement job (one statement writes both), so none is left unsettled.
    const [orphans] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from webhook_events e
      where e.settled_at is null
         or (e.payment_status = 'SUCCESS' and not exists (select 1 from orders o where o.id = e.order_id and o.status = 'PAID'))`;
    expect(orphans!.n).toBe(0);
  });
});
