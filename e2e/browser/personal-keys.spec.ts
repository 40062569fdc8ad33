import { expect, request, test } from "@playwright/test";
import { BASE_URL, DEMO, signIn } from "../fixtures";

const keyClient = (key: string) => request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { "x-api-key": key } });

test("a member creates their own API key, uses it with their role, regenerates it, and the old one gets 401 at once", async ({ page }) => {
  await signIn(page, DEMO.member);
  await page.goto("/settings/api-keys");
  await expect(page.getByText("Only owners and admins can see and manage the account's service keys.")).toBeVisible();
  const yourKey = page.getByRole("heading", { name: "Your API key" });
  await expect(yourKey).toBeVisible();

  await page.getByRole("button", { name: "Create my key" }).click();
  const first = (await page.getByTestId("revealed-personal-key").textContent())!.trim();
  expect(first).toMatch(/^cm_/);
  await expect(page.getByTestId("personal-key")).toContainText(first.slice(0, 10));

  // The key acts as the member: /profile names them and their role, /balance answers, an admin's action is refused.
  const machine = await keyClient(first);
  const profile = await machine.get("/api/v1/profile");
  expect(profile.status()).toBe(200);
  expect(profile.headers()["x-ratelimit-limit"]).toBeTruthy();
  expect(await profile.json()).toMatchObject({ user: { email: DEMO.member, role: "member" }, api_key: { kind: "personal" } });
  expect((await machine.get("/api/v1/balance")).status()).toBe(200);
  const budget = await machine.put("/api/v1/credits/budget", { data: { monthly_limit: 1 } });
  expect(budget.status()).toBe(403);
  expect((await budget.json()).error.code).toBe("insufficient_permissions");
  const minting = await machine.post("/api/v1/api-keys", { data: { name: "from a key" } });
  expect(minting.status()).toBe(403);
  expect((await minting.json()).error.code).toBe("api_key_not_allowed");

  // Regenerate: a new secret, shown once; the old one is refused on its very next call.
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Regenerate my key" }).click();
  await expect(page.getByTestId("revealed-personal-key")).not.toHaveText(first);
  const second = (await page.getByTestId("revealed-personal-key").textContent())!.trim();
  const stale = await machine.get("/api/v1/balance");
  expect(stale.status()).toBe(401);
  expect((await stale.json()).error.code).toBe("invalid_api_key");
  const renewed = await keyClient(second);
  expect((await renewed.get("/api/v1/profile")).status()).toBe(200);

  // After a reload the secret is gone from the page: only its prefix is shown.
  await page.reload();
  await expect(page.getByTestId("revealed-personal-key")).toHaveCount(0);
  await expect(page.getByTestId("personal-key")).toContainText(second.slice(0, 10));
  expect(await page.content()).not.toContain(second);

  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Revoke my key" }).click();
  await expect(page.getByRole("button", { name: "Create my key" })).toBeVisible();
  expect((await renewed.get("/api/v1/balance")).status()).toBe(401);
});
