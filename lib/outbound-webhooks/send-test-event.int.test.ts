import { afterAll, beforeAll, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { drainJobs } from "@/lib/testing/run-jobs";
import { startReceiver, type Receiver } from "@/lib/testing/webhook-receiver";
import { createWebhookEndpoint } from "./create-webhook-endpoint";
import { listWebhookDeliveries } from "./list-webhook-deliveries";
import { sendTestEvent } from "./send-test-event";
import { verifySignature } from "./sign-payload";

const policy = { allowLoopback: true };

describeWithDatabase("send a test event", (ctx) => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver("127.0.0.1");
  });
  afterAll(async () => {
    await receiver.close();
  });

  it("goes, signed, to that endpoint only (whatever it subscribes to), and shows in its delivery log; another account's endpoint is a 404", async () => {
    receiver.received.length = 0;
    receiver.respond = () => ({ status: 200 });
    const { accountId } = await createAccount(ctx.db);
    const other = await createAccount(ctx.db);
    const { endpoint, secret } = await createWebhookEndpoint(ctx.db, { accountId, url: `${receiver.url}?a`, events: ["invoice.created"], policy });
    const { endpoint: sibling } = await createWebhookEndpoint(ctx.db, { accountId, url: `${receiver.url}?b`, policy });

    const sent = await sendTestEvent(ctx.db, { accountId, endpointId: endpoint.id });
    await drainJobs(ctx, { delivery: { policy } });
    expect(receiver.received).toHaveLength(1);
    const [hit] = receiver.received;
    expect(verifySignature(hit!.headers["khata-signature"] as string, hit!.body, secret)).toBe(true);
    expect(JSON.parse(hit!.body)).toMatchObject({ id: sent.eventId, event: "webhook.test", account_id: accountId, status: "test" });
    expect(await listWebhookDeliveries(ctx.db, { accountId, endpointId: endpoint.id })).toMatchObject([{ id: sent.deliveryId, event_type: "webhook.test", status: "succeeded", attempts: 1 }]);
    expect(await listWebhookDeliveries(ctx.db, { accountId, endpointId: sibling.id })).toEqual([]);

    const refused = await sendTestEvent(ctx.db, { accountId: other.accountId, endpointId: endpoint.id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("not_found");
  });
});
