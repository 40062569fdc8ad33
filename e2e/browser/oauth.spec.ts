import { expect, test, type Page } from "@playwright/test";
import { DEMO, anonymousClient, signUp, uniqueEmail } from "../fixtures";

// The real Auth.js GitHub round trip (authorize → callback → token → /user → /user/emails) against
// e2e/fake-github, which scripts/e2e.mjs starts and configures as a GitHub Enterprise Server.
const FAKE_GITHUB_URL = process.env.E2E_FAKE_GITHUB_URL ?? "http://127.0.0.1:4020";

async function nextGitHubUser(user: { login: string; name: string; emails: { email: string; primary: boolean; verified: boolean }[] }) {
  const res = await fetch(`${FAKE_GITHUB_URL}/__control/next-user`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(user),
  });
  expect(res.status).toBe(200);
}

async function continueWithGitHub(page: Page) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue with GitHub" }).click();
}

test("a new GitHub user with a verified email gets a user and their own account", async ({ page }) => {
  const email = uniqueEmail("github-new");
  await nextGitHubUser({ login: "meera-gh", name: "Meera Rao", emails: [{ email, primary: true, verified: true }] });
  await continueWithGitHub(page);
  await expect(page).toHaveURL(/\/billing/);
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
  await expect(page.getByTestId("active-account-name")).toHaveText("Meera Rao's account");
  await page.goto("/settings/team");
  await expect(page.getByTestId(`member-${email}`)).toContainText("owner");
});

test("GitHub sign-in with the verified email of an existing user signs in as that user", async ({ page, browser }) => {
  const email = uniqueEmail("github-link");
  const signup = await browser.newPage();
  await signUp(signup, { name: "Kabir Shah", company: "Kabir Tools LLP", email, password: "kabir-strong-password" });
  await signup.close();

  await nextGitHubUser({ login: "kabir-gh", name: "Kabir on GitHub", emails: [{ email: email.toUpperCase(), primary: true, verified: true }] });
  await continueWithGitHub(page);
  await expect(page).toHaveURL(/\/billing/);
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
  await expect(page.getByTestId("active-account-name")).toHaveText("Kabir Tools LLP");
});

test("an unverified GitHub email never links to an existing user: refused, explained, no session", async ({ page }) => {
  // Someone adds the owner's address to their GitHub account without being able to verify it.
  await nextGitHubUser({
    login: "mallory-gh",
    name: "Mallory",
    emails: [
      { email: DEMO.owner, primary: true, verified: false },
      { email: uniqueEmail("mallory"), primary: false, verified: true },
    ],
  });
  await continueWithGitHub(page);
  await expect(page).toHaveURL(/\/sign-in\?error=AccessDenied/);
  await expect(page.getByTestId("sign-in-error")).toContainText("did not confirm a verified email address");
  await page.goto("/billing");
  await expect(page).toHaveURL(/\/sign-in/);

  const cookies = await page.context().cookies();
  const client = await anonymousClient();
  const res = await client.get("/api/v1/account", {
    headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
  });
  expect(res.status()).toBe(401);
});
