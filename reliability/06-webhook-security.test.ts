// 6. Webhook security over HTTP against `next start`: forged, replayed, stale, future-dated, truncated and
//    seconds-not-milliseconds signatures → 401 `invalid_signature` and not one row written anywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook } from "@/lib/cashfree/webhook";
import {
  CLIENT_SECRET,
  createDatabase,
  createTopup,
  diffSnapshots,
  envelopeProblem,
  payInEmulator,
  seedOwner,
  sendWebhook,
  SessionClient,
  snapshot,
  startApps,
  startCashfree,
  settleRecordedWebhooks,
  webhookHeaders,
  type AppInstance,
  type TestDatabase,
} from "./harness";

const MIN = 60_000;

describe("webhook security", () => {
  let db: TestDatabase;
  let emu: Awaited<ReturnType<typeof startCashfree>>;
  let apps: AppInstance[] = [];

  beforeAll(async () => {
    db = await createDatabase("whsec");
    emu = await startCashfree();
    apps = await startApps(1, { databaseUrl: db.url, emulatorUrl: emu.url, env: { JOBS_IN_PROCESS: "0" } });
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await emu?.close();
    await db?.drop();
  });

  it("rejects every bad signature with 401 and zero writes; the genuine one then settles once", async () => {
    const owner = await seedOwner(db.url, { tag: "whsec" });
    const session = await SessionClient.signIn(apps[0]!.url, owner.ownerEmail);
    const orderId = await createTopup(session, apps[0]!.url, 250);
    const w = await payInEmulator(emu, orderId, false);
    const url = apps[0]!.url;
    const body = w.rawBody;
    const now = Date.now();
    const signed = (ts: number | string, b = body, secret = CLIENT_SECRET) => webhookHeaders(b, { timestamp: String(ts), secret });
    const good = signed(now);
    const tampered = body.replace(/"payment_amount":\s*250(\.00)?/, '"payment_amount":25000.00');
    expect(tampered).not.toBe(body);

    const attacks: { name: string; body: string; headers: Record<string, string> }[] = [
      { name: "forged (wrong secret)", body, headers: signed(now, body, "not-the-cashfree-secret") },
      { name: "forged (empty secret)", body, headers: signed(now, body, "x") },
      { name: "body tampered after signing", body: tampered, headers: good },
      { name: "replayed (6 min old, correctly signed)", body, headers: signed(now - 6 * MIN) },
      { name: "stale (1 day old)", body, headers: signed(now - 24 * 60 * MIN) },
      { name: "future-dated (6 min ahead)", body, headers: signed(now + 6 * MIN) },
      { name: "future-dated (1 year ahead)", body, headers: signed(now + 365 * 24 * 60 * MIN) },
      { name: "seconds, not milliseconds", body, headers: signed(Math.floor(now / 1000)) },
      { name: "truncated signature", body, headers: { ...good, "x-webhook-signature": good["x-webhook-signature"]!.slice(0, 20) } },
      { name: "signature minus one char", body, headers: { ...good, "x-webhook-signature": good["x-webhook-signature"]!.slice(0, -1) } },
      { name: "signature with a flipped char", body, headers: { ...good, "x-webhook-signature": flip(good["x-webhook-signature"]!) } },
      { name: "hex instead of base64", body, headers: { ...good, "x-webhook-signature": Buffer.from(good["x-webhook-signature"]!, "base64").toString("hex") } },
      { name: "empty signature", body, headers: { ...good, "x-webhook-signature": "" } },
      { name: "no signature header", body, headers: without(good, "x-webhook-signature") },
      { name: "no timestamp header", body, headers: without(good, "x-webhook-timestamp") },
      { name: "timestamp not a number", body, headers: { ...good, "x-webhook-timestamp": `${now}abc` } },
      { name: "negative timestamp", body, headers: { ...signed(-now), "x-webhook-timestamp": String(-now) } },
      { name: "timestamp/signature mismatch (signed for another time)", body, headers: { ...good, "x-webhook-timestamp": String(now + 1) } },
      { name: "signature over the body only (no timestamp)", body, headers: { ...good, "x-webhook-signature": signWebhook(CLIENT_SECRET, "", body) } },
    ];

    const watched = ["webhook_events", "orders", "ledger_entries", "invoices", "invoice_counters", "outbox_events", "accounts"];
    const before = await snapshot(db.sql);
    const [orderBefore] = await db.sql`select status, cf_payment_id, updated_at from orders where id = ${orderId}`;
    for (const attack of attacks) {
      const r = await sendWebhook(url, attack.body, attack.headers);
      expect(r.status, attack.name).toBe(401);
      expect(envelopeProblem(401, r.json), attack.name).toBeNull();
      expect((r.json as { error: { code: string } }).error.code, attack.name).toBe("invalid_signature");
    }
    // All attacks again, concurrently (a burst must not slip through either).
    const burst = await Promise.all(attacks.map((a) => sendWebhook(url, a.body, a.headers)));
    expect(burst.map((r) => r.status)).toEqual(attacks.map(() => 401));

    const after = await snapshot(db.sql);
    expect(diffSnapshots(before, after)).toEqual([]);
    for (const t of watched) expect(after[t], t).toBe(before[t]);
    const [orderAfter] = await db.sql`select status, cf_payment_id, updated_at from orders where id = ${orderId}`;
    expect(orderAfter).toEqual(orderBefore);
    expect(orderAfter!.status).toBe("ACTIVE");

    // Positive control: the genuine delivery settles; a replay of it (same bytes, old timestamp) is refused.
    const genuine = await sendWebhook(url, body, webhookHeaders(body));
    expect(genuine).toMatchObject({ status: 200, json: { received: true, duplicate: false, outcome: "queued" } });
    const mid = await snapshot(db.sql);
    const replay = await sendWebhook(url, body, signed(Date.now() - 10 * MIN));
    expect(replay.status).toBe(401);
    expect(diffSnapshots(mid, await snapshot(db.sql))).toEqual([]);
    // The recorded event is settled by its job (held back until now, so the snapshots above stay still).
    await settleRecordedWebhooks(db.url);
    const [settled] = await db.sql`select status from orders where id = ${orderId}`;
    expect(settled!.status).toBe("PAID");
  });
});

function flip(sig: string): string {
  const i = Math.floor(sig.length / 2);
  const c = sig[i] === "A" ? "B" : "A";
  return sig.slice(0, i) + c + sig.slice(i + 1);
}

function without(headers: Record<string, string>, name: string): Record<string, string> {
  const copy = { ...headers };
  delete copy[name];
  return copy;
}
