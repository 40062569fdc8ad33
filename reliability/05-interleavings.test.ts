// 5. Random interleavings (fast-check command lists, run in concurrent waves over two instances) of top-ups
//    (create-order + emulator payment + webhook copies + verify), usage (API key, event ids drawn from a small pool
//    so they repeat), coupon redemptions and retries of all of them, checked against a simple model: the balance
//    equals the model's, sum(ledger) = balance, never negative, invoices match paid orders one to one. Webhooks
//    are answered on recording and settled asynchronously by a job runner, racing everything else.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiKeyRequest,
  checkInvariants,
  createDatabase,
  createTopup,
  payInEmulator,
  seedOperator,
  seedOwner,
  sendWebhook,
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

const SEED = Number(process.env.RELIABILITY_SEED ?? 20261123);
const RUNS = Number(process.env.RELIABILITY_MODEL_RUNS ?? 8);
const WAVE = 6;

type Command =
  | { kind: "topup"; credits: number; copies: number; verify: boolean; app: number }
  | { kind: "usage"; event: number; credits: number; app: number }
  | { kind: "redeem"; coupon: number; app: number }
  | { kind: "retry_webhook"; pick: number; app: number }
  | { kind: "verify"; pick: number; app: number };

const app = fc.integer({ min: 0, max: 1 });
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("topup" as const), credits: fc.integer({ min: 1, max: 500 }), copies: fc.integer({ min: 1, max: 3 }), verify: fc.boolean(), app }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("usage" as const), event: fc.integer({ min: 0, max: 14 }), credits: fc.integer({ min: 1, max: 120 }), app }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("redeem" as const), coupon: fc.integer({ min: 0, max: 2 }), app }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("retry_webhook" as const), pick: fc.nat(), app }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("verify" as const), pick: fc.nat(), app }) },
);

describe("random interleavings against a model", () => {
  let db: TestDatabase;
  let emu: Awaited<ReturnType<typeof startCashfree>>;
  let apps: AppInstance[] = [];
  let operator: SessionClient;
  let worker: JobWorker | undefined;
  let run = 0;

  beforeAll(async () => {
    db = await createDatabase("model");
    emu = await startCashfree();
    apps = await startApps(2, { databaseUrl: db.url, emulatorUrl: emu.url, env: { JOBS_IN_PROCESS: "0" } });
    operator = await SessionClient.signIn(apps[0]!.url, (await seedOperator(db.url)).email);
    worker = await startJobWorker(db.url);
  });
  afterAll(async () => {
    for (const a of apps) for (const line of a.log.filter((l) => /unhandled|rror/.test(l)).slice(0, 3)) console.error(`[${a.name}] ${line.slice(0, 1500)}`);
    await worker?.stop();
    await Promise.all(apps.map((a) => a.stop()));
    await emu?.close();
    await db?.drop();
  });

  it("balances follow the model whatever the interleaving", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 20, maxLength: 45 }), fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 3, maxLength: 3 }), async (commands, couponCredits) => {
        run++;
        const owner = await seedOwner(db.url, { tag: `model${run}`, plan: "enterprise", apiKeys: 2 });
        const session = await SessionClient.signIn(apps[run % 2]!.url, owner.ownerEmail);
        const codes = await Promise.all(
          couponCredits.map(async (credits, i) => {
            const code = `REL${run}X${i}${Date.now().toString(36).toUpperCase()}`;
            const r = await operator.request(apps[0]!.url, "POST", "/api/v1/admin/coupons", { code, credits });
            if (r.status !== 201) throw new Error(`create coupon → ${r.status} ${r.text}`);
            return code;
          }),
        );

        // The model: credits granted (each paid order once, each coupon once) minus usage acknowledged with 201.
        let model = 0n;
        const paid: PaidWebhook[] = [];
        const usage = new Map<string, { credits: number; balance: number }>(); // first 201 per event id
        const redeemed = new Set<number>();
        const problems: string[] = [];
        const url = (i: number) => apps[i]!.url;

        const exec = async (c: Command): Promise<void> => {
          switch (c.kind) {
            case "topup": {
              const orderId = await createTopup(session, url(c.app), c.credits);
              const w = await payInEmulator(emu, orderId, false);
              paid.push(w);
              model += BigInt(c.credits); // the payment succeeded: it must be credited exactly once, eventually
              const sends = Array.from({ length: c.copies }, (_, k) => sendWebhook(url((c.app + k) % 2), w.rawBody));
              if (c.verify) sends.push(session.request(url(c.app), "POST", "/api/v1/payments/verify", { order_id: orderId }).then((r) => ({ status: r.status, json: r.json })));
              for (const r of await Promise.all(sends)) if (r.status !== 200) problems.push(`topup ${orderId}: ${r.status} ${JSON.stringify(r.json)}`);
              return;
            }
            case "usage": {
              const id = `m${run}-e${c.event}`;
              const r = await apiKeyRequest(url(c.app), owner.apiKeys[c.app]!, "POST", "/api/v1/usage", { event_id: id, credits: c.credits });
              const body = r.json as { replayed?: boolean; balance?: number; consumed?: number };
              if (r.status === 201) {
                if (usage.has(id)) problems.push(`usage ${id}: consumed twice`);
                usage.set(id, { credits: c.credits, balance: Number(body.balance) });
                model -= BigInt(c.credits);
              } else if (r.status === 200) {
                const first = usage.get(id);
                // A replay answers the first consumption (possibly one still in flight in this wave).
                if (body.replayed !== true) problems.push(`usage ${id}: 200 without replayed`);
                if (first && Number(body.balance) !== first.balance) problems.push(`usage ${id}: replay balance ${body.balance} ≠ ${first.balance}`);
              } else if (r.status !== 402) {
                problems.push(`usage ${id}: ${r.status} ${r.text.slice(0, 200)}`);
              }
              return;
            }
            case "redeem": {
              const r = await session.request(url(c.app), "POST", "/api/v1/coupons/redeem", { code: codes[c.coupon]!.toLowerCase() });
              if (r.status === 200) {
                if (redeemed.has(c.coupon)) problems.push(`coupon ${c.coupon}: redeemed twice`);
                redeemed.add(c.coupon);
                model += BigInt(couponCredits[c.coupon]!);
              } else if (!(r.status === 409 && (r.json as { error: { code: string } }).error.code === "coupon_already_redeemed")) {
                problems.push(`redeem ${c.coupon}: ${r.status} ${r.text.slice(0, 200)}`);
              }
              return;
            }
            case "retry_webhook": {
              const w = paid[c.pick % Math.max(1, paid.length)];
              if (!w) return;
              const r = await sendWebhook(url(c.app), w.rawBody);
              if (r.status !== 200) problems.push(`retry ${w.orderId}: ${r.status}`);
              return;
            }
            case "verify": {
              const w = paid[c.pick % Math.max(1, paid.length)];
              if (!w) return;
              const r = await session.request(url(c.app), "POST", "/api/v1/payments/verify", { order_id: w.orderId });
              if (r.status !== 200 || String((r.json as { status?: string }).status).toUpperCase() !== "PAID") problems.push(`verify ${w.orderId}: ${r.status} ${r.text.slice(0, 200)}`);
              return;
            }
          }
        };

        for (let i = 0; i < commands.length; i += WAVE) await Promise.all(commands.slice(i, i + WAVE).map(exec));

        // Replays of every consumed event after the fact: nothing changes.
        for (const [id, first] of usage) {
          const r = await apiKeyRequest(url(0), owner.apiKeys[0]!, "POST", "/api/v1/usage", { event_id: id, credits: first.credits });
          if (r.status !== 200 || Number((r.json as { balance: number }).balance) !== first.balance) problems.push(`late replay ${id}: ${r.status} ${r.text.slice(0, 200)}`);
        }

        expect(problems).toEqual([]);
        await waitForSettlement(db.sql);
        const [acc] = await db.sql<{ balance: string }[]>`select credit_balance::text as balance from accounts where id = ${owner.accountId}`;
        expect(BigInt(acc!.balance)).toBe(model);
        const [counts] = await db.sql<{ paid: number; invoices: number; usage: number }[]>`
          select (select count(*)::int from orders where account_id = ${owner.accountId} and status = 'PAID') as paid,
                 (select count(*)::int from invoices where account_id = ${owner.accountId}) as invoices,
                 (select count(*)::int from ledger_entries where account_id = ${owner.accountId} and kind = 'usage') as usage`;
        expect(counts).toEqual({ paid: paid.length, invoices: paid.length, usage: usage.size });
        expect((await checkInvariants(db.sql)).violations).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
