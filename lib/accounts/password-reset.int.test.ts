import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { accounts, emails, memberships, passwordResetTokens, userSessions, users } from "@/lib/db/schema";
import { hashPasswordForTests } from "@/lib/auth/password";
import { createUser } from "@/lib/testing/factories";
import { describeWithDatabase } from "@/lib/testing/database";
import { queuedJobs } from "@/lib/testing/run-jobs";
import { signedInAs } from "@/lib/testing/sessions";
import { tokenOf } from "@/lib/testing/mail-sink";
import { authenticatePassword } from "./authenticate-password";
import { issuePasswordReset, PASSWORD_RESET_TTL_MS } from "./issue-password-reset";
import { requestPasswordReset } from "./request-password-reset";
import { passwordResetLinkStatus, resetPassword } from "./reset-password";
import { findSessionUser } from "./session-user";
import { signUpWithPassword } from "./sign-up-with-password";

const email = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 8)}@reset.test`;

async function resetLinkToken(db: Parameters<typeof issuePasswordReset>[0], emailId: string): Promise<string> {
  const [mail] = await db.select().from(emails).where(eq(emails.id, emailId));
  expect(mail?.template).toBe("password-reset");
  return tokenOf((mail!.data as { url: string }).url);
}

async function tableCounts(db: Parameters<typeof issuePasswordReset>[0]) {
  return {
    users: (await db.select().from(users)).length,
    accounts: (await db.select().from(accounts)).length,
    tokens: (await db.select().from(passwordResetTokens)).length,
    emails: (await db.select().from(emails)).length,
  };
}

describeWithDatabase("password reset by emailed link, neutral answers", (ctx) => {
  it("a reset request does the same work for a registered and an unknown email: one job, nothing else", async () => {
    const registered = email("known");
    await createUser(ctx.db, { email: registered });
    const unknown = email("unknown");
    const before = await tableCounts(ctx.db);
    expect(await requestPasswordReset(ctx.db, { email: registered })).toBeUndefined();
    expect(await requestPasswordReset(ctx.db, { email: unknown })).toBeUndefined();
    expect(await tableCounts(ctx.db)).toEqual(before); // no write that says which one exists
    const jobs = (await queuedJobs(ctx.db)).filter((j) => j.task_identifier === "issue-password-reset");
    expect(jobs.map((j) => j.payload)).toEqual([{ email: registered }, { email: unknown }]);

    // The job: a link for the account, nothing at all for the unknown address.
    expect((await issuePasswordReset(ctx.db, { email: unknown })).emailId).toBeNull();
    expect(await tableCounts(ctx.db)).toEqual(before);
    const { emailId } = await issuePasswordReset(ctx.db, { email: registered });
    expect(emailId).toBeTruthy();
    const token = await resetLinkToken(ctx.db, emailId!);
    const stored = await ctx.db.select().from(passwordResetTokens);
    expect(JSON.stringify(stored)).not.toContain(token); // only the hash is stored
  });

  it("a reset link sets the password, verifies the email, ends every session, spends the other links, and works once", async () => {
    const address = email("forgetful");
    const user = await createUser(ctx.db, { email: address, passwordHash: await hashPasswordForTests("forgotten-password"), emailVerifiedAt: null });
    const laptop = await signedInAs(ctx.db, user.id);
    const phone = await signedInAs(ctx.db, user.id);
    const older = await resetLinkToken(ctx.db, (await issuePasswordReset(ctx.db, { email: address })).emailId!);
    const token = await resetLinkToken(ctx.db, (await issuePasswordReset(ctx.db, { email: address })).emailId!);
    expect(await passwordResetLinkStatus(ctx.db, { token })).toBe("valid");

    const newHash = await hashPasswordForTests("brand-new-password");
    expect(await resetPassword(ctx.db, { token, passwordHash: newHash })).toEqual({ status: "reset", email: address });
    const [after] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(after!.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await findSessionUser(ctx.db, laptop)).toBeNull();
    expect(await findSessionUser(ctx.db, phone)).toBeNull();
    expect(await ctx.db.select().from(userSessions).where(eq(userSessions.userId, user.id))).toHaveLength(0);
    expect(await authenticatePassword(ctx.db, { email: address, password: "brand-new-password" })).toMatchObject({ status: "ok" });
    expect(await authenticatePassword(ctx.db, { email: address, password: "forgotten-password" })).toEqual({ status: "invalid" });

    expect(await resetPassword(ctx.db, { token, passwordHash: newHash })).toEqual({ status: "used" });
    expect(await passwordResetLinkStatus(ctx.db, { token })).toBe("used");
    expect(await resetPassword(ctx.db, { token: older, passwordHash: newHash })).toEqual({ status: "used" }); // spent with it
    expect(await resetPassword(ctx.db, { token: "not-a-token", passwordHash: newHash })).toEqual({ status: "invalid" });
    expect(await resetPassword(ctx.db, { token: "A".repeat(43), passwordHash: newHash })).toEqual({ status: "invalid" });
  }, 30_000);

  it("a reset link expires after 1 hour (injected clock) and then changes nothing", async () => {
    const address = email("slow");
    const user = await createUser(ctx.db, { email: address, passwordHash: await hashPasswordForTests("the-old-password") });
    const session = await signedInAs(ctx.db, user.id);
    const issuedAt = new Date("2026-03-01T10:00:00Z");
    const token = await resetLinkToken(ctx.db, (await issuePasswordReset(ctx.db, { email: address, now: issuedAt })).emailId!);
    const justBefore = new Date(issuedAt.getTime() + PASSWORD_RESET_TTL_MS - 1);
    const atExpiry = new Date(issuedAt.getTime() + PASSWORD_RESET_TTL_MS);
    expect(await passwordResetLinkStatus(ctx.db, { token, now: justBefore })).toBe("valid");
    expect(await passwordResetLinkStatus(ctx.db, { token, now: atExpiry })).toBe("expired");
    expect(await resetPassword(ctx.db, { token, passwordHash: "scrypt$x", now: atExpiry })).toEqual({ status: "expired" });
    const [after] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(after!.passwordHash).toBe(user.passwordHash);
    expect(await findSessionUser(ctx.db, session)).not.toBeNull();
  });

  it("finding 8: sign-up answers the same for a registered email, changes nothing, and mails its owner a notice", async () => {
    const taken = email("taken");
    const owner = await createUser(ctx.db, { email: taken, name: "Real Owner", passwordHash: await hashPasswordForTests("owners-password") });
    const before = await tableCounts(ctx.db);
    const input = { email: taken, name: "Someone Else", password: "attacker-password", accountName: "Squat Co" };
    // Before the fix this threw email_taken ("An account with this email already exists").
    await expect(signUpWithPassword(ctx.db, input)).resolves.toBeUndefined();
    await expect(signUpWithPassword(ctx.db, input)).resolves.toBeUndefined(); // a second try within the hour: no second mail
    const after = await tableCounts(ctx.db);
    expect(after).toEqual({ ...before, emails: before.emails + 1 });
    const [notice] = await ctx.db.select().from(emails).where(eq(emails.to, taken));
    expect(notice).toMatchObject({ template: "sign-up-attempt", data: { name: "Real Owner" } });
    const [unchanged] = await ctx.db.select().from(users).where(eq(users.id, owner.id));
    expect(unchanged!.passwordHash).toBe(owner.passwordHash);
    expect(await ctx.db.select().from(memberships).where(eq(memberships.userId, owner.id))).toHaveLength(0);

    // A new email: the same (empty) answer; a user, an account and a verification mail.
    const fresh = email("fresh");
    await expect(signUpWithPassword(ctx.db, { ...input, email: fresh })).resolves.toBeUndefined();
    const [created] = await ctx.db.select().from(users).where(eq(users.email, fresh));
    expect(created).toBeTruthy();
    expect((await ctx.db.select().from(emails).where(eq(emails.to, fresh))).map((m) => m.template)).toEqual(["verify-email"]);
  }, 30_000);
});
