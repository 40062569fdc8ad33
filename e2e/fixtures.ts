import { expect, type APIRequestContext, type Page, request as playwrightRequest } from "@playwright/test";

export const BASE_URL = process.env.E2E_BASE_URL ?? "http://localhost:3000";
export const EMULATOR_URL = process.env.E2E_EMULATOR_URL ?? "http://127.0.0.1:4010";
export const DEMO_PASSWORD = "khata-demo-123";
export const DEMO = {
  owner: "owner@khata.test",
  admin: "admin@khata.test",
  member: "member@khata.test",
  operator: "operator@khata.test",
  /** A second platform operator (maker ≠ checker steps). */
  operator2: "operator2@khata.test",
} as const;

/** Signs in through the real sign-in form. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/billing/);
}

/**
 * Creates a user and their company account through the real sign-up form, which answers "check your email"
 * (the same for a taken address) and starts no session; then signs in, so the page ends on /billing.
 */
export async function signUp(page: Page, input: { name: string; company: string; email: string; password: string }) {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(input.name);
  await page.getByLabel("Company name").fill(input.company);
  await page.getByLabel("Work email").fill(input.email);
  await page.getByLabel("Password").fill(input.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("form-notice")).toHaveText(SIGN_UP_NOTICE);
  await signIn(page, input.email, input.password);
}

export const SIGN_UP_NOTICE = "Check your email to verify your address, then sign in.";

/** An API client holding a session cookie, obtained through Auth.js's credentials callback. */
export async function sessionClient(email: string, password = DEMO_PASSWORD): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { origin: new URL(BASE_URL).origin } });
  const csrf = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email, password },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(res.status());
  const me = await ctx.get("/api/v1/account");
  expect(me.status(), `sign-in as ${email}`).toBe(200);
  return ctx;
}

export async function anonymousClient(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { origin: new URL(BASE_URL).origin } });
}

export function uniqueEmail(tag: string) {
  return `${tag}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@e2e.khata.test`;
}

/**
 * The first link to `pathPrefix` in the newest mail to `to`, read from the app's dev mailbox (the e2e run
 * starts a local SMTP sink and sets DEV_MAILBOX=1).
 */
export async function linkFromMailbox(page: Page, to: string, subject: RegExp, pathPrefix: string): Promise<string> {
  const link = page.getByTestId("dev-mail").filter({ hasText: to }).getByRole("link", { name: subject }).first();
  // The mail is sent by a job after the request answered: reload the mailbox until it is there.
  await expect(async () => {
    await page.goto("/dev/mailbox");
    await expect(link).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await link.click();
  await expect(page.getByTestId("dev-mail-to")).toHaveText(to);
  const text = await page.getByTestId("dev-mail-text").innerText();
  const match = new RegExp(`https?://\\S+${pathPrefix.replace(/[?]/g, "\\?")}\\S*`).exec(text);
  if (!match) throw new Error(`no ${pathPrefix} link in the mail to ${to}: ${text}`);
  return match[0];
}
