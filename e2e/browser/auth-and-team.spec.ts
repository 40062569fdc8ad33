import { expect, test } from "@playwright/test";
import { DEMO, SIGN_UP_NOTICE, anonymousClient, linkFromMailbox, sessionClient, signIn, signUp, uniqueEmail } from "../fixtures";

test("sign up, sign out, sign in again", async ({ page }) => {
  const email = uniqueEmail("signup");
  await page.goto("/billing");
  await expect(page).toHaveURL(/\/sign-in/); // signed-out pages redirect to sign-in
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Your name").fill("Priya Founder");
  await page.getByLabel("Company name").fill("Priya Labs LLP");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Password must be at least 10 characters.")).toBeVisible();
  await page.getByLabel("Password").fill("priya-strong-password");
  await page.getByRole("button", { name: "Create account" }).click();
  // Sign-up answers "check your email" (the same for a taken address) and starts no session.
  await expect(page.getByTestId("form-notice")).toHaveText(SIGN_UP_NOTICE);
  await page.goto("/billing");
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, email, "priya-strong-password");
  await expect(page.getByTestId("active-account-name")).toHaveText("Priya Labs LLP");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/settings/team");
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong-password-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That email and password don't match an account.")).toBeVisible();
  await signIn(page, email, "priya-strong-password");
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
});

test("invite, change role, switch account, remove", async ({ page, browser }) => {
  // A teammate with their own (verified) account, who will join the demo account by accepting the link.
  const teammate = uniqueEmail("teammate");
  const pending = uniqueEmail("pending");
  const signup = await browser.newPage();
  await signUp(signup, { name: "Tara Teammate", company: "Tara Consulting", email: teammate, password: "tara-strong-password" });
  await signup.goto(await linkFromMailbox(signup, teammate, /Confirm your email/, "/verify-email?token="));
  await expect(signup.getByTestId("verify-email-result")).toContainText("is confirmed");

  await signIn(page, DEMO.owner);
  await page.goto("/settings/team");
  await page.getByLabel("Email").fill(teammate);
  await page.getByRole("button", { name: "Add member" }).click();
  // Even an existing user only gets an invitation: the same answer as for an unknown email.
  await expect(page.getByRole("status")).toHaveText(`Invited ${teammate} as member: they join when they accept the emailed link.`);
  await expect(page.getByTestId(`member-${teammate}`)).toHaveCount(0);

  await page.getByLabel("Email").fill(pending);
  await page.getByLabel("Role", { exact: true }).selectOption("admin");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("status")).toHaveText(`Invited ${pending} as admin: they join when they accept the emailed link.`);
  await expect(page.getByTestId(`invitation-${pending}`)).toContainText("admin");
  await expect(page.getByTestId(`member-${pending}`)).toHaveCount(0);

  await signup.goto(await linkFromMailbox(signup, teammate, /Join Acme Analytics Pvt Ltd/, "/invitations/accept?token="));
  await signup.getByRole("button", { name: "Join Acme Analytics Pvt Ltd as member" }).click();
  await expect(signup).toHaveURL(/\/billing/);
  await page.reload();
  await expect(page.getByTestId(`member-${teammate}`)).toBeVisible();

  await page.getByLabel(`Role of ${teammate}`).selectOption("admin");
  await expect(page.getByRole("status")).toHaveText(`${teammate} is now admin.`);

  // The teammate now belongs to two accounts and can switch between them.
  await signup.reload();
  await signup.getByRole("button", { name: "Switch account" }).click();
  await signup.getByRole("menuitem", { name: /Acme Analytics Pvt Ltd/ }).click();
  await expect(signup.getByTestId("active-account-name")).toHaveText("Acme Analytics Pvt Ltd");
  await signup.goto("/settings/team");
  await expect(signup.getByRole("button", { name: "Add member" })).toBeVisible(); // admin controls

  // Demoted to member: the old rights go at once, whatever the cookie says.
  await page.getByLabel(`Role of ${teammate}`).selectOption("member");
  await expect(page.getByRole("status")).toHaveText(`${teammate} is now member.`);
  await signup.reload();
  await expect(signup.getByRole("button", { name: "Add member" })).toHaveCount(0);

  await page.getByRole("button", { name: `Remove ${teammate}` }).click();
  await page.getByRole("dialog", { name: `Remove ${teammate}?` }).getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByRole("status")).toHaveText(`Removed ${teammate}.`);
  await signup.reload();
  await expect(signup.getByTestId("active-account-name")).toHaveText("Tara Consulting");
});

test("the last owner can be neither demoted nor removed", async () => {
  const owner = await sessionClient(DEMO.owner);
  const { members } = (await (await owner.get("/api/v1/account/members")).json()) as { members: { user_id: string; email: string; role: string }[] };
  const me = members.find((m) => m.email === DEMO.owner)!;
  const demote = await owner.patch(`/api/v1/account/members/${me.user_id}`, { data: { role: "admin" } });
  expect(demote.status()).toBe(409);
  expect((await demote.json()).error.code).toBe("last_owner");
  const remove = await owner.delete(`/api/v1/account/members/${me.user_id}`);
  expect(remove.status()).toBe(409);
});

test("password guessing is throttled per email: after 10 failures even the right password waits", async ({ page, browser }) => {
  const email = uniqueEmail("guessed");
  const signup = await browser.newPage();
  await signUp(signup, { name: "Guessed User", company: "Guessed Co", email, password: "the-right-password" });
  await signup.close();

  // Ten wrong guesses through Auth.js's credentials endpoint, as a script would send them.
  const attacker = await anonymousClient();
  for (let i = 0; i < 10; i++) {
    const { csrfToken } = (await (await attacker.get("/api/auth/csrf")).json()) as { csrfToken: string };
    await attacker.post("/api/auth/callback/credentials", { form: { csrfToken, email, password: `guess-${i}-wrong` }, maxRedirects: 0 });
  }
  expect((await attacker.get("/api/v1/account")).status()).toBe(401);

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("the-right-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Too many failed sign-in attempts for this email. Wait 15 minutes, then try again.")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);

  // Other people are unaffected.
  await signIn(page, DEMO.admin);
});
