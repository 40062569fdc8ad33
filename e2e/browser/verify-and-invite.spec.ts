import { expect, test } from "@playwright/test";
import { DEMO, linkFromMailbox, signIn, signUp, uniqueEmail } from "../fixtures";

test("sign up, verify by mail, get invited, accept the link: the account appears in the switcher", async ({ page, browser }) => {
  const email = uniqueEmail("verified-invitee");
  await signUp(page, { name: "Vani Invitee", company: "Vani Works", email, password: "vani-strong-password" });
  await expect(page.getByTestId("verify-email-banner")).toBeVisible();

  const verifyLink = await linkFromMailbox(page, email, /Confirm your email/, "/verify-email?token=");
  await page.goto(verifyLink);
  await expect(page.getByTestId("verify-email-result")).toContainText(`${email} is confirmed`);
  await page.goto(verifyLink); // single use
  await expect(page.getByTestId("verify-email-result")).toContainText("already used");
  await page.goto("/billing");
  await expect(page.getByTestId("verify-email-banner")).toHaveCount(0);

  const owner = await browser.newPage();
  await signIn(owner, DEMO.owner);
  await owner.goto("/settings/team");
  await owner.getByLabel("Email").fill(email);
  await owner.getByLabel("Role", { exact: true }).selectOption("admin");
  await owner.getByRole("button", { name: "Add member" }).click();
  await expect(owner.getByRole("status")).toHaveText(`Invited ${email} as admin: they join when they accept the emailed link.`);
  await expect(owner.getByTestId(`invitation-${email}`)).toContainText("admin");
  await expect(owner.getByLabel(`Invitation link for ${email}`)).toHaveValue(/\/invitations\/accept\?token=/);

  // Not a member until they accept.
  await page.reload();
  await page.getByRole("button", { name: "Switch account" }).click();
  await expect(page.getByRole("menuitem", { name: /Acme Analytics Pvt Ltd/ })).toHaveCount(0);
  await page.keyboard.press("Escape");

  const acceptLink = await linkFromMailbox(page, email, /Join Acme Analytics Pvt Ltd/, "/invitations/accept?token=");
  await page.goto(acceptLink);
  await page.getByRole("button", { name: "Join Acme Analytics Pvt Ltd as admin" }).click();
  await expect(page).toHaveURL(/\/billing/);
  await expect(page.getByTestId("active-account-name")).toHaveText("Acme Analytics Pvt Ltd");
  await page.getByRole("button", { name: "Switch account" }).click();
  await expect(page.getByRole("menuitem", { name: /Vani Works/ })).toBeVisible();
  await page.keyboard.press("Escape");

  // The link worked once.
  await page.goto(acceptLink);
  await expect(page.getByTestId("invitation-state")).toContainText("already used");
  await owner.reload();
  await expect(owner.getByTestId(`member-${email}`)).toBeVisible();
});

test("an invitation link is refused to a signed-in user with another email, and explains why", async ({ page, browser }) => {
  const invited = uniqueEmail("invited-elsewhere");
  const owner = await browser.newPage();
  await signIn(owner, DEMO.owner);
  await owner.goto("/settings/team");
  await owner.getByLabel("Email").fill(invited);
  await owner.getByRole("button", { name: "Add member" }).click();
  const link = await owner.getByLabel(`Invitation link for ${invited}`).inputValue();

  await signIn(page, DEMO.member);
  await page.goto(link);
  await expect(page.getByTestId("invitation-state")).toContainText("different email address");
  await expect(page.getByRole("button", { name: /^Join / })).toHaveCount(0);
});
