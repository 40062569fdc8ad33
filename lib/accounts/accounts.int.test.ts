import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { accounts, memberships, outboxEvents, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { describeWithDatabase } from "@/lib/testing/database";
import { addMember, createAccount } from "@/lib/testing/factories";
import { authenticatePassword } from "./authenticate-password";
import { SIGN_IN_FAILURE_LIMIT, SIGN_IN_WINDOW_SECONDS } from "./sign-in-throttle";
import { changeRole, inviteMember, listMembers, removeMember } from "./members";
import { createAccountForUser, resolveMember } from "./memberships";
import { signedInAs } from "@/lib/testing/sessions";
import { signUp } from "./sign-up";
import { hashPasswordForTests } from "@/lib/auth/password";

const email = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 8)}@acc.test`;

describeWithDatabase("accounts and people", (ctx) => {
  it("sign-up creates user, account and owner membership in one transaction, and refuses a taken email", async () => {
    const e = email("founder");
    const { userId, accountId } = await signUp(ctx.db, { email: e, name: "F", passwordHash: await hashPasswordForTests("pw-1234567890"), accountName: "F Co" });
    const [m] = await ctx.db.select().from(memberships).where(eq(memberships.userId, userId));
    expect(m).toMatchObject({ accountId, role: "owner" });
    const events = await ctx.db.select().from(outboxEvents).where(eq(outboxEvents.accountId, accountId));
    expect(events.map((ev) => ev.eventType)).toEqual(["user.created"]);

    const before = await ctx.db.select().from(accounts);
    const dup = await signUp(ctx.db, { email: e, name: "G", passwordHash: null, accountName: "G Co" }).catch((x: unknown) => x);
    expect(dup).toBeInstanceOf(AppError);
    expect((dup as AppError).code).toBe("email_taken");
    expect(await ctx.db.select().from(accounts)).toHaveLength(before.length); // rolled back: no orphan account
  });

  it("password sign-in accepts the right password only", async () => {
    const e = email("pw");
    await signUp(ctx.db, { email: e, name: "P", passwordHash: await hashPasswordForTests("right-password"), accountName: "P" });
    expect(await authenticatePassword(ctx.db, { email: e, password: "right-password" })).toMatchObject({ status: "ok" });
    expect(await authenticatePassword(ctx.db, { email: e, password: "wrong-password" })).toEqual({ status: "invalid" });
    expect(await authenticatePassword(ctx.db, { email: email("nobody"), password: "x" })).toEqual({ status: "invalid" });
  }, 30_000);

  it("after 10 failed attempts an email is refused, even with the right password, until the window ends; others are not", async () => {
    const e = email("guess");
    const other = email("bystander");
    await signUp(ctx.db, { email: e, name: "G", passwordHash: await hashPasswordForTests("right-password"), accountName: "G" });
    await signUp(ctx.db, { email: other, name: "B", passwordHash: await hashPasswordForTests("right-password"), accountName: "B" });
    // Successes never count: a user who signs in often is not locked out.
    for (let i = 0; i < 12; i++) expect((await authenticatePassword(ctx.db, { email: e, password: "right-password" })).status).toBe("ok");
    for (let i = 0; i < SIGN_IN_FAILURE_LIMIT; i++) {
      expect(await authenticatePassword(ctx.db, { email: e.toUpperCase(), password: `guess-${i}` }), `attempt ${i + 1}`).toEqual({ status: "invalid" });
    }
    const refused = await authenticatePassword(ctx.db, { email: e, password: "right-password" });
    expect(refused.status).toBe("throttled");
    expect(refused.status === "throttled" && refused.retryAfterSeconds).toBeGreaterThan(SIGN_IN_WINDOW_SECONDS - 60);
    expect((await authenticatePassword(ctx.db, { email: other, password: "right-password" })).status).toBe("ok");

    // Unknown emails are throttled alike, so the answer reveals nothing about which emails exist.
    const unknown = email("nobody");
    for (let i = 0; i < SIGN_IN_FAILURE_LIMIT; i++) await authenticatePassword(ctx.db, { email: unknown, password: "x" });
    expect((await authenticatePassword(ctx.db, { email: unknown, password: "x" })).status).toBe("throttled");

    // When the window ends, the email may try again.
    await ctx.db.execute(sql`update rate_limit_buckets set expires_at = now() - interval '1 second' where key like 'sign-in-failures:%'`);
    expect((await authenticatePassword(ctx.db, { email: e, password: "right-password" })).status).toBe("ok");
  }, 60_000);

  it("invites: never a member on the spot; a member already in the account is told so", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const existing = await ctx.db.insert(users).values({ id: `usr_${Date.now()}`, email: email("existing"), name: "E" }).returning();
    expect(await inviteMember(ctx.db, { accountId, actorRole: "owner", actorUserId: ownerId, email: existing[0]!.email, role: "admin" })).toMatchObject({ status: "invited" });
    expect((await resolveMember(ctx.db, await signedInAs(ctx.db, existing[0]!.id), accountId))?.account).toBeNull();
    const newcomer = email("newcomer");
    expect(await inviteMember(ctx.db, { accountId, actorRole: "admin", actorUserId: ownerId, email: newcomer, role: "member" })).toMatchObject({ status: "invited" });
    const { userId } = await signUp(ctx.db, { email: newcomer, name: "N", passwordHash: null, accountName: "N's" });
    expect((await resolveMember(ctx.db, await signedInAs(ctx.db, userId), accountId))?.accounts).toHaveLength(1); // sign-up accepts nothing
    expect((await listMembers(ctx.db, accountId)).invitations).toHaveLength(2);
    const [owner] = await ctx.db.select().from(users).where(eq(users.id, ownerId));
    expect(await inviteMember(ctx.db, { accountId, actorRole: "owner", actorUserId: ownerId, email: owner!.email, role: "admin" })).toEqual({ status: "already_member" });
  });

  it("admins cannot create or touch owners; members manage nothing", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await expect(inviteMember(ctx.db, { accountId, actorRole: "admin", actorUserId: ownerId, email: email("x"), role: "owner" })).rejects.toMatchObject({ code: "insufficient_permissions" });
    await expect(changeRole(ctx.db, { accountId, actorRole: "admin", targetUserId: ownerId, role: "member" })).rejects.toMatchObject({ code: "insufficient_permissions" });
    await expect(removeMember(ctx.db, { accountId, actorRole: "admin", actorUserId: "someone", targetUserId: ownerId })).rejects.toMatchObject({ code: "insufficient_permissions" });
  });

  it("the last owner can be neither demoted nor removed; with two owners one can go", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await expect(changeRole(ctx.db, { accountId, actorRole: "owner", targetUserId: ownerId, role: "admin" })).rejects.toMatchObject({ code: "last_owner" });
    await expect(removeMember(ctx.db, { accountId, actorRole: "owner", actorUserId: ownerId, targetUserId: ownerId })).rejects.toMatchObject({ code: "last_owner" });
    const second = await addMember(ctx.db, accountId, "owner");
    await changeRole(ctx.db, { accountId, actorRole: "owner", targetUserId: ownerId, role: "admin" });
    await expect(removeMember(ctx.db, { accountId, actorRole: "owner", actorUserId: second.id, targetUserId: second.id })).rejects.toMatchObject({ code: "last_owner" });
  });

  it("a removed member resolves to no account at once; a demoted one to the new role", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const admin = await addMember(ctx.db, accountId, "admin");
    await changeRole(ctx.db, { accountId, actorRole: "owner", targetUserId: admin.id, role: "member" });
    expect((await resolveMember(ctx.db, await signedInAs(ctx.db, admin.id), accountId))?.account?.role).toBe("member");
    await removeMember(ctx.db, { accountId, actorRole: "owner", actorUserId: ownerId, targetUserId: admin.id });
    expect((await resolveMember(ctx.db, await signedInAs(ctx.db, admin.id), accountId))?.account).toBeNull();
  });

  it("a user can own several accounts and the preferred one is honoured only if they belong to it", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const second = await createAccountForUser(ctx.db, { userId: ownerId, name: "Second" });
    expect((await resolveMember(ctx.db, await signedInAs(ctx.db, ownerId), second))?.account?.accountId).toBe(second);
    const foreign = await createAccount(ctx.db);
    // Not a member of the foreign account: falls back to one of their own accounts, never the foreign one.
    expect([accountId, second]).toContain((await resolveMember(ctx.db, await signedInAs(ctx.db, ownerId), foreign.accountId))?.account?.accountId);
  });
});

describeWithDatabase("accounts under concurrency", (ctx) => {
  it("two owners demoting each other at once: exactly one succeeds, an owner always remains", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const other = await addMember(ctx.db, accountId, "owner");
    const results = await Promise.allSettled([
      changeRole(ctx.db, { accountId, actorRole: "owner", targetUserId: ownerId, role: "member" }),
      changeRole(ctx.db, { accountId, actorRole: "owner", targetUserId: other.id, role: "member" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const owners = (await listMembers(ctx.db, accountId)).members.filter((m) => m.role === "owner");
    expect(owners).toHaveLength(1);
  });
});

