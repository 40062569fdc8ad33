import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "@/lib/db/connect";
import { emails, passwordResetTokens, userSessions, users } from "@/lib/db/schema";
import { hashPasswordForTests } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { createAccount, createUser } from "@/lib/testing/factories";
import { describeWithDatabase } from "@/lib/testing/database";
import { signedInAs } from "@/lib/testing/sessions";
import { authenticatePassword } from "./authenticate-password";
import { changePassword } from "./change-password";
import { endAllSessions, endSession, purgeExpiredSessions } from "./end-sessions";
import { resolveMember } from "./memberships";
import { findSessionUser } from "./session-user";
import { startSession } from "./start-session";

const email = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 8)}@sessions.test`;

describeWithDatabase("sessions that end", (ctx) => {
  // Two app instances: two separate pools on the one database, as two `next start` processes would have.
  let instanceA: DbHandle;
  let instanceB: DbHandle;
  beforeAll(() => {
    instanceA = openDatabase(ctx.url, { max: 2 });
    instanceB = openDatabase(ctx.url, { max: 2 });
  });
  afterAll(async () => {
    await instanceA.close();
    await instanceB.close();
  });

  it("finding 7: a cookie copied before sign-out is refused after it, on both instances", async () => {
    const { ownerId } = await createAccount(ctx.db);
    const sessionId = await startSession(instanceA.db, { userId: ownerId, maxAgeSeconds: 3600 });
    const copied = { userId: ownerId, sessionId }; // what the copied cookie carries
    expect((await resolveMember(instanceA.db, copied))?.user.id).toBe(ownerId);
    expect((await resolveMember(instanceB.db, copied))?.user.id).toBe(ownerId);

    await endSession(instanceB.db, copied); // sign-out handled by instance B

    expect(await resolveMember(instanceA.db, copied)).toBeNull();
    expect(await resolveMember(instanceB.db, copied)).toBeNull();
  });

  it("a claim is believed only for its own user's live session row", async () => {
    const alice = await createUser(ctx.db);
    const bob = await createUser(ctx.db);
    const aliceSession = await signedInAs(ctx.db, alice.id);
    expect(await findSessionUser(ctx.db, { userId: bob.id, sessionId: aliceSession.sessionId })).toBeNull();
    expect(await findSessionUser(ctx.db, { userId: alice.id, sessionId: "ses_never_started" })).toBeNull();
    expect((await findSessionUser(ctx.db, aliceSession))?.id).toBe(alice.id);
  });

  it("a session ends at its absolute expiry (database clock), and the purge removes expired rows only", async () => {
    const user = await createUser(ctx.db);
    const old = await signedInAs(ctx.db, user.id);
    const fresh = await signedInAs(ctx.db, user.id);
    await ctx.db.update(userSessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(userSessions.id, old.sessionId));
    expect(await findSessionUser(instanceA.db, old)).toBeNull();
    expect((await findSessionUser(instanceA.db, fresh))?.id).toBe(user.id);
    expect(await purgeExpiredSessions(ctx.db)).toBeGreaterThanOrEqual(1);
    const left = await ctx.db.select().from(userSessions).where(eq(userSessions.userId, user.id));
    expect(left.map((s) => s.id)).toEqual([fresh.sessionId]);
  });

  it("sign out everywhere ends every session of the user on both instances, and nobody else's", async () => {
    const user = await createUser(ctx.db);
    const other = await createUser(ctx.db);
    const laptop = await signedInAs(instanceA.db, user.id);
    const phone = await signedInAs(instanceB.db, user.id);
    const someoneElse = await signedInAs(ctx.db, other.id);
    expect(await endAllSessions(instanceA.db, { userId: user.id })).toBe(2);
    for (const instance of [instanceA, instanceB]) {
      expect(await findSessionUser(instance.db, laptop)).toBeNull();
      expect(await findSessionUser(instance.db, phone)).toBeNull();
      expect((await findSessionUser(instance.db, someoneElse))?.id).toBe(other.id);
    }
  });

  it("a password change ends every other session, keeps this one, and needs the current password", async () => {
    const address = email("changer");
    const user = await createUser(ctx.db, { email: address, passwordHash: await hashPasswordForTests("old-password-123") });
    const here = await signedInAs(ctx.db, user.id);
    const elsewhere = await signedInAs(ctx.db, user.id);

    const wrong = await changePassword(ctx.db, { claim: here, currentPassword: "not-my-password", newPassword: "new-password-456" }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(AppError);
    expect((wrong as AppError).code).toBe("invalid_current_password");
    expect(await findSessionUser(ctx.db, elsewhere)).not.toBeNull(); // nothing changed

    expect(await changePassword(ctx.db, { claim: here, currentPassword: "old-password-123", newPassword: "new-password-456" })).toEqual({ endedSessions: 1 });
    expect((await findSessionUser(ctx.db, here))?.id).toBe(user.id);
    expect(await findSessionUser(instanceB.db, elsewhere)).toBeNull();
    expect(await authenticatePassword(ctx.db, { email: address, password: "new-password-456" })).toMatchObject({ status: "ok" });
    expect(await authenticatePassword(ctx.db, { email: address, password: "old-password-123" })).toEqual({ status: "invalid" });

    // An ended session cannot change the password.
    const ended = await changePassword(ctx.db, { claim: elsewhere, currentPassword: "new-password-456", newPassword: "x-password-789" }).catch((e: unknown) => e);
    expect((ended as AppError).code).toBe("unauthorized");
  }, 30_000);

  it("a user without a password (OAuth only) cannot set one here: only through a reset link", async () => {
    const user = await createUser(ctx.db, { passwordHash: null });
    const claim = await signedInAs(ctx.db, user.id);
    const refused = await changePassword(ctx.db, { claim, currentPassword: "anything", newPassword: "new-password-456" }).catch((e: unknown) => e);
    expect((refused as AppError).code).toBe("password_not_set");
    const [after] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(after!.passwordHash).toBeNull();
  });

  it("each sign-in starts its own session row; the user's expired rows go then", async () => {
    const user = await createUser(ctx.db);
    const first = await signedInAs(ctx.db, user.id);
    await ctx.db.update(userSessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(userSessions.id, first.sessionId));
    await signedInAs(ctx.db, user.id);
    const rows = await ctx.db.select().from(userSessions).where(eq(userSessions.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toBe(first.sessionId);
    expect(rows[0]!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3000 * 1000);
    // Nothing about passwords or reset links is touched by a sign-in.
    expect(await ctx.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id))).toHaveLength(0);
    expect(await ctx.db.select().from(emails).where(and(eq(emails.to, user.email)))).toHaveLength(0);
  });
});
