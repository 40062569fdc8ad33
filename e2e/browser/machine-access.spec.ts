import { createHmac } from "node:crypto";
import http from "node:http";
import { expect, request, test } from "@playwright/test";
import { BASE_URL, DEMO, EMULATOR_URL, sessionClient, signIn } from "../fixtures";

const keyClient = (key: string) => request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { "x-api-key": key } });

test("API key lifecycle in Settings: create, use, regenerate, revoke — old keys stop at once", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.goto("/settings/api-keys");
  const name = `e2e key ${Date.now()}`;
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const first = (await page.getByTestId("revealed-api-key").textContent())!.trim();
  expect(first).toMatch(/^cm_/);

  const machine = await keyClient(first);
  const balance = await machine.get("/api/v1/balance");
  expect(balance.status()).toBe(200);
  for (const h of ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"]) expect(balance.headers()[h]).toBeTruthy();
  expect(await balance.json()).toHaveProperty("balance");

  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: `Regenerate ${name}` }).click();
  await expect(page.getByTestId("revealed-api-key")).not.toHaveText(first);
  const second = (await page.getByTestId("revealed-api-key").textContent())!.trim();
  expect((await machine.get("/api/v1/balance")).status()).toBe(401);
  const renewed = await keyClient(second);
  expect((await renewed.get("/api/v1/profile")).status()).toBe(200);

  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByTestId(`api-key-${name}`).getByText("revoked")).toBeVisible();
  const revoked = await renewed.get("/api/v1/balance");
  expect(revoked.status()).toBe(401);
  expect((await revoked.json()).error.code).toBe("invalid_api_key");
});

test("a registered endpoint receives a signed payment.completed and the delivery log shows it", async ({ page }) => {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const port = (receiver.address() as { port: number }).port;
  try {
    await signIn(page, DEMO.owner);
    await page.goto("/settings/webhooks");
    await page.getByLabel("Endpoint URL").fill(`http://127.0.0.1:${port}/hooks`);
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await page.getByTestId("revealed-webhook-secret").textContent())!.trim();

    // A paid top-up (settled through the emulator's signed webhook) emits payment.completed.
    const owner = await sessionClient(DEMO.owner);
    const order = await owner.post("/api/v1/payments/create-order", { data: { type: "credit_topup", credits: 25 } });
    const { order_id } = (await order.json()) as { order_id: string };
    const pay = await fetch(`${EMULATOR_URL}/__control/orders/${order_id}/pay`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ outcome: "success" }),
    });
    expect(pay.status).toBe(200);

    await expect.poll(() => received.filter((r) => r.body.includes(order_id) && r.body.includes("payment.completed")).length, { timeout: 20_000 }).toBe(1);
    const delivery = received.find((r) => r.body.includes(order_id) && r.body.includes("payment.completed"))!;
    const header = String(delivery.headers["khata-signature"]);
    const t = /t=(\d+)/.exec(header)![1]!;
    const v1 = /v1=([0-9a-f]+)/.exec(header)![1]!;
    expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${delivery.body}`).digest("hex"));
    const event = JSON.parse(delivery.body) as { event: string; order_id: string; amount: number; currency: string; status: string };
    expect(event).toMatchObject({ event: "payment.completed", order_id, amount: 25, currency: "INR", status: "completed" });

    await page.reload();
    await expect(page.getByRole("cell", { name: "payment.completed" }).first()).toBeVisible();
    await expect(page.getByText("succeeded").first()).toBeVisible();
  } finally {
    receiver.close();
  }
});
