import { expect, test, type Browser, type Page } from "@playwright/test";
import { BASE_URL, SIGN_UP_NOTICE, linkFromMailbox, signIn, signUp, uniqueEmail } from "../fixtures";

const PASSWORD_RESET_NOTICE = "If an account exists for that email, we've sent a link to reset the password. It works for 1 hour.";
const origin = new URL(BASE_URL).origin;

/** A user of this test's own (never a demo identity: their sessions are shared with other specs). */
async function newUser(page: Page, tag: string, password = `${tag}-strong-password`) {
  const email = uniqueEmail(tag);
  await signUp(page, { name: `${tag} user`, company: `${tag} Co`, email, password });
  return { email, password };
}

async function signedInElsewhere(browser: Browser, email: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, password);
  return { context, page };
}

async function expectSignedOut(page: Page) {
  await page.goto("/billing");
  await expect(page).toHaveURL(/\/sign-in/);
  const api = await page.context().request.get("/api/v1/account");
  expect(api.status()).toBe(401);
  expect(((await api.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
}

test("finding 7: a session cookie copied before sign-out is refused after it (page → sign-in, API → 401)", async ({ page, browser }) => {
  await newUser(page, "copied-cookie");
  const copied = await page.context().storageState();
  const thief = await browser.newContext({ storageState: copied });
  const thiefPage = await thief.newPage();
  await thiefPage.goto("/billing");
  await expect(thiefPage).toHaveURL(/\/billing/); // the copy works while the session lives

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await expectSignedOut(thiefPage);
  await thief.close();
});

test("sign out everywhere (settings) ends another browser's session; the API route ends every session too", async ({ page, browser }) => {
  const { email, password } = await newUser(page, "everywhere");
  const other = await signedInElsewhere(browser, email, password);

  await page.goto("/settings");
  await page.getByRole("link", { name: "Manage security" }).click();
  await expect(page).toHaveURL(/\/settings\/security/);
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expectSignedOut(other.page);
  await expectSignedOut(page);

  // POST /api/v1/account/sessions/revoke: an extra field is refused and ends nothing; {} ends every session.
  await signIn(page, email, password);
  const api = other.context.request;
  await signIn(other.page, email, password);
  expect((await api.post("/api/v1/account/sessions/revoke", { headers: { origin }, data: { everywhere: true } })).status()).toBe(400);
  expect((await api.get("/api/v1/account")).status()).toBe(200);
  const revoked = await api.post("/api/v1/account/sessions/revoke", { headers: { origin }, data: {} });
  expect(revoked.status()).toBe(200);
  expect(await revoked.json()).toEqual({ revoked_sessions: 2, signed_out: true });
  await expectSignedOut(other.page);
  await expectSignedOut(page);
  await other.context.close();
});

test("a password change keeps this browser signed in and ends the others; only the new password signs in", async ({ page, browser }) => {
  const { email, password } = await newUser(page, "changer");
  const other = await signedInElsewhere(browser, email, password);

  await page.goto("/settings/security");
  await page.getByLabel("Current password").fill("not-the-password");
  await page.getByLabel("New password").fill("changed-strong-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your current password is not correct.")).toBeVisible();

  await page.getByLabel("Current password").fill(password);
  await page.getByLabel("New password").fill("changed-strong-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("form-notice")).toHaveText("Password changed. 1 other session was signed out; this browser stays signed in.");
  await page.goto("/billing");
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
  await expectSignedOut(other.page);

  await other.page.getByLabel("Email").fill(email);
  await other.page.getByLabel("Password").fill(password);
  await other.page.getByRole("button", { name: "Sign in" }).click();
  await expect(other.page.getByText("That email and password don't match an account.")).toBeVisible();
  await signIn(other.page, email, "changed-strong-password");
  await other.context.close();
});

test("forgot password: the same answer for any email, a mailed single-use link, the new password signs in and the old does not", async ({ page, browser }) => {
  const signup = await browser.newPage();
  const { email, password } = await newUser(signup, "forgetful");
  const other = await signedInElsewhere(browser, email, password);
  await signup.close();

  const ask = async (address: string) => {
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.waitForURL(/\/forgot-password/);
    const send = page.getByRole("button", { name: "Send reset link" });
    await expect(send).toBeEnabled(); // hydrated: a fill before that can be lost
    await page.getByLabel("Email").fill(address);
    await expect(page.getByLabel("Email")).toHaveValue(address);
    await send.click();
    await expect(page.getByTestId("form-notice")).toHaveText(PASSWORD_RESET_NOTICE);
  };
  await ask(uniqueEmail("nobody")); // unknown: the very same answer
  await ask(email);

  const link = await linkFromMailbox(page, email, /Reset your Khata password/, "/reset-password?token=");
  await page.goto(link);
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Password must be at least 10 characters.")).toBeVisible();
  await page.getByLabel("New password").fill("reset-strong-password");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?reset=done/);
  await expect(page.getByTestId("sign-in-notice")).toContainText("Sign in with the new password");
  await expectSignedOut(other.page); // the reset ended every session

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That email and password don't match an account.")).toBeVisible();
  await signIn(page, email, "reset-strong-password");
  await expect(page.getByTestId("verify-email-banner")).toHaveCount(0); // the link proved the address

  await page.goto(link);
  await expect(page.getByTestId("reset-link-result")).toContainText("already used");
  await other.context.close();
});

test("finding 8: signing up with a registered email answers like a new one and mails the owner a notice", async ({ page, browser }) => {
  const { email, password } = await newUser(page, "registered");
  const stranger = await browser.newPage();
  await stranger.goto("/sign-up");
  await stranger.getByLabel("Your name").fill("Someone Else");
  await stranger.getByLabel("Company name").fill("Squatters Ltd");
  await stranger.getByLabel("Work email").fill(email);
  await stranger.getByLabel("Password").fill("someone-elses-password");
  await stranger.getByRole("button", { name: "Create account" }).click();
  await expect(stranger.getByTestId("form-notice")).toHaveText(SIGN_UP_NOTICE);
  await expect(stranger.getByText(/already exists/)).toHaveCount(0);

  const signInLink = await linkFromMailbox(stranger, email, /Someone tried to sign up/, "/sign-in");
  expect(new URL(signInLink).pathname).toBe("/sign-in");
  // Nothing changed for the owner: their password still works and the stranger's does not.
  await stranger.goto("/sign-in");
  await stranger.getByLabel("Email").fill(email);
  await stranger.getByLabel("Password").fill("someone-elses-password");
  await stranger.getByRole("button", { name: "Sign in" }).click();
  await expect(stranger.getByText("That email and password don't match an account.")).toBeVisible();
  await signIn(stranger, email, password);
  await expect(stranger.getByTestId("active-account-name")).toHaveText("registered Co");
});
