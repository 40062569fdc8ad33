import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { webhookDeliveries, webhookEndpoints } from "@/lib/db/schema";
import { startWorker } from "@/lib/jobs/start-worker";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { startReceiver } from "@/lib/testing/webhook-receiver";
import { createWebhookEndpoint } from "./create-webhook-endpoint";
import { enqueueEvent } from "./enqueue-event";

const policy = { allowLoopback: true };

describeWithDatabase("outbound webhooks with two job runners", (ctx) => {
  it("two runners on one database deliver 30 events at once: every attempt happens exactly once", async () => {
    const receiver = await startReceiver();
    // Every third request fails once, so retries (made due at once) run on both runners too.
    receiver.respond = (r) => ({ status: receiver.received.filter((x) => x.headers["khata-event-id"] === r.headers["khata-event-id"]).length === 1 && Number(JSON.parse(r.body).amount) % 3 === 0 ? 500 : 200 });
    const runners: Awaited<ReturnType<typeof startWorker>>[] = [];
    try {
      const { accountId } = await createAccount(ctx.db);
      await createWebhookEndpoint(ctx.db, { accountId, url: receiver.url, policy });
      for (let i = 0; i < 30; i++) {
        await enqueueEvent(ctx.db, { accountId, type: "invoice.created", causeKey: `invoice:${accountId}:${i}`, payload: { amount: i, currency: "INR", status: "issued" } });
      }
      const delivery = { policy, backoffMs: () => 0 };
      for (let i = 0; i < 2; i++) {
        runners.push(await startWorker({ connectionString: ctx.url, db: ctx.db, concurrency: 4, pollIntervalMs: 100, delivery }));
      }
      // Waits for an outcome, not for time: bounded so a broken runner fails the test instead of hanging it.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const rows = await ctx.db.select({ status: webhookDeliveries.status }).from(webhookDeliveries).innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId)).where(eq(webhookEndpoints.accountId, accountId));
        if (rows.length === 30 && rows.every((r) => r.status === "succeeded")) break;
        if (Date.now() > deadline) throw new Error(`deliveries not done: ${JSON.stringify(rows.map((r) => r.status))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const attempts = receiver.received.map((r) => `${r.headers["khata-event-id"]}#${r.headers["khata-delivery-attempt"]}`);
      expect(new Set(attempts).size).toBe(attempts.length); // no attempt made twice
      expect(attempts).toHaveLength(30 + 10); // 30 first attempts, 10 retries (amounts 0, 3, …, 27)
      expect(new Set(receiver.received.map((r) => r.headers["khata-event-id"])).size).toBe(30);
      const log = await ctx.db.select({ attempts: webhookDeliveries.attempts }).from(webhookDeliveries).innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId)).where(eq(webhookEndpoints.accountId, accountId));
      expect(log.map((d) => d.attempts).sort()).toEqual([...Array(20).fill(1), ...Array(10).fill(2)]);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
      await receiver.close();
    }
  });
});
