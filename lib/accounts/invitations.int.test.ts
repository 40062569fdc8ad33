/**
 * Issue 11, findings 1, 2 and 6: nobody joins an account without the invitation link, a verified invited
 * address and an explicit accept; the invite answer does not reveal who is registered; a provider login is
 * never added to an unverified password user.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { invitations, memberships, outboxEvents, users } from "@/lib/db/schema";
import { hashPasswordForTests } from "@/lib/auth/password";
import type { Db } from "@/lib/db";
import { describeWithDatabase } from "@/lib/testing/database";
import { drainJobs } from "@/lib/testing/run-jobs";
import { createAccount, createUser } from "@/lib/testing/factories";
import { linkIn, startTestMailSink, tokenOf } from "@/lib/testing/mail-sink";
import { deliverEmail } from "@/lib/mail/deliver-email";
import { acceptInvitation, previewInvitation } from "./accept-invitation";
import { authenticatePassword } from "./authenticate-password";
import { verifyEmail } from "./email-verification";
import { findOrCreateOAuthUser } from "./find-or-create-oauth-user";
import { INVITATION_TTL_MS } from "./invitation-link";
import { inviteMember, reissueInvitationLink, revokeInvitation } from "./members";
import { resolveMember } from "./memberships";
import { signedInAs } from "@/lib/testing/sessions";
import { findSessionUser } from "./session-user";
import { signUp } from "./sign-up";

const session = vi.hoisted(() => ({ userId: null as string | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", async () => {
  const { mockedCurrentSession } = await import("@/lib/testing/sessions");
  return { currentSession: mockedCurrentSession(session), currentUserId: async () => session.userId };
});
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db")>()),
  getDb: async () => session.db,
}));
const membersRoute = await import("@/app/api/v1/account/members/route");
const linkRoute = await import("@/app/api/v1/account/invitations/[invitationId]/link/route");

const ORIGIN = "http://localhost:3000";
const post = (path: string, body?: unknown) =>
  new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { origin: ORIGIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
async function call(handler: (r: Request, c?: never) => Promise<Response>, request: Request, params?: Record<string, string>) {
  const response = await handler(request, (params ? { params: Promise.resolve(params) } : undefined) as never);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const address = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 8)}@customer.test`;

describeWithDatabase("invitations nobody can take over", (ctx) => {
  let sink: Awaited<ReturnType<typeof startTestMailSink>>;
  beforeAll(async () => {
    sink = await startTestMailSink();
  });
  afterAll(async () => {
    await sink.stop();
  });
  beforeEach(() => {
    session.db = ctx.db as Db;
    session.userId = null;
  });

  const isMemberOf = async (accountId: string, userId: string) =>
    (await ctx.db.select().from(memberships).where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)))).length > 0;

  async function invite(accountId: string, ownerId: string, email: string, role: "admin" | "member" = "admin") {
    const result = await inviteMember(ctx.db, { accountId, actorRole: "owner", actorUserId: ownerId, email, role });
    if (result.status !== "invited") throw new Error(result.status);
    return result;
  }

  /** A signed-up user who clicked their verification link. */
  async function verifiedUser(email: string) {
    const { userId, verificationEmailId } = await signUp(ctx.db, { email, name: "V", passwordHash: null, accountName: `${email} Co` });
    await deliverEmail(ctx.db, verificationEmailId!);
    const mails = sink.to(email);
    expect(await verifyEmail(ctx.db, { token: tokenOf(linkIn(mails.at(-1)!.text, "/verify-email?token=")) })).toMatchObject({ status: "verified" });
    return userId;
  }

  it("finding 1: signing up (and signing in) with an invited address joins nothing; after verifying, still only the link does", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const cfo = address("cfo");
    const { acceptUrl } = await invite(accountId, ownerId, cfo);

    const { userId: attacker } = await signUp(ctx.db, { email: cfo, name: "Mallory", passwordHash: await hashPasswordForTests("mallory-password"), accountName: "Mallory Co" });
    expect(await isMemberOf(accountId, attacker)).toBe(false);
    expect((await authenticatePassword(ctx.db, { email: cfo, password: "mallory-password" })).status).toBe("ok");
    expect(await isMemberOf(accountId, attacker)).toBe(false);
    expect((await resolveMember(ctx.db, await signedInAs(ctx.db, attacker)))?.accounts).toHaveLength(1);

    // Holding the link while unverified is not enough.
    expect(await previewInvitation(ctx.db, { token: tokenOf(acceptUrl), userId: attacker })).toMatchObject({ state: "unverified" });
    await expect(acceptInvitation(ctx.db, { token: tokenOf(acceptUrl), userId: attacker })).rejects.toMatchObject({ code: "email_unverified" });

    // Verified, the user still joins nothing until they accept the link.
    await ctx.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, attacker));
    expect((await authenticatePassword(ctx.db, { email: cfo, password: "mallory-password" })).status).toBe("ok");
    expect(await isMemberOf(accountId, attacker)).toBe(false);
    expect((await ctx.db.select().from(invitations).where(eq(invitations.accountId, accountId)))).toHaveLength(1);
  }, 30_000);

  it("finding 1: a different verified user holding the link is refused; the invited verified user accepts it once", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { name: "Acme" });
    const invited = address("invitee");
    const { acceptUrl } = await invite(accountId, ownerId, invited);
    const token = tokenOf(acceptUrl);

    const someoneElse = await verifiedUser(address("forwarded"));
    expect(await previewInvitation(ctx.db, { token, userId: someoneElse })).toMatchObject({ state: "wrong_email", accountName: "Acme" });
    await expect(acceptInvitation(ctx.db, { token, userId: someoneElse })).rejects.toMatchObject({ code: "invitation_email_mismatch" });
    expect(await isMemberOf(accountId, someoneElse)).toBe(false);

    const invitee = await verifiedUser(invited);
    expect(await previewInvitation(ctx.db, { token, userId: null })).toMatchObject({ state: "sign_in", role: "admin", invitedEmail: invited });
    expect(await previewInvitation(ctx.db, { token, userId: invitee })).toMatchObject({ state: "ready" });
    expect(await acceptInvitation(ctx.db, { token, userId: invitee })).toEqual({ accountId, accountName: "Acme", role: "admin" });
    expect((await resolveMember(ctx.db, await signedInAs(ctx.db, invitee), accountId))?.account).toMatchObject({ accountId, role: "admin" });
    const events = await ctx.db.select().from(outboxEvents).where(eq(outboxEvents.accountId, accountId));
    expect(events.map((e) => e.eventType)).toContain("user.created");

    // Used: the same link is refused, and the invitation is gone.
    await expect(acceptInvitation(ctx.db, { token, userId: invitee })).rejects.toMatchObject({ code: "invitation_invalid" });
    expect(await previewInvitation(ctx.db, { token, userId: invitee })).toEqual({ state: "invalid" });
  }, 30_000);

  it("expired (injected clock), withdrawn and replaced links are refused with their own message", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const email = address("late");
    const userId = await verifiedUser(email);
    const first = await invite(accountId, ownerId, email, "member");
    const later = new Date(Date.now() + INVITATION_TTL_MS + 60_000);
    expect(await previewInvitation(ctx.db, { token: tokenOf(first.acceptUrl), userId, now: later })).toMatchObject({ state: "expired" });
    await expect(acceptInvitation(ctx.db, { token: tokenOf(first.acceptUrl), userId, now: later })).rejects.toMatchObject({ code: "invitation_expired" });

    const reissued = await reissueInvitationLink(ctx.db, { accountId, invitationId: first.invitationId });
    await expect(acceptInvitation(ctx.db, { token: tokenOf(first.acceptUrl), userId })).rejects.toMatchObject({ code: "invitation_invalid" });
    await revokeInvitation(ctx.db, { accountId, invitationId: first.invitationId });
    await expect(acceptInvitation(ctx.db, { token: tokenOf(reissued.acceptUrl), userId })).rejects.toMatchObject({ code: "invitation_invalid" });
    await expect(acceptInvitation(ctx.db, { token: "garbage", userId })).rejects.toMatchObject({ code: "invitation_invalid" });
    expect(await isMemberOf(accountId, userId)).toBe(false);
  }, 30_000);

  it("finding 2: inviting an existing user adds nobody: they stay out (and unlisted) until they accept", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const email = address("existing");
    const victim = await verifiedUser(email);
    const result = await inviteMember(ctx.db, { accountId, actorRole: "owner", actorUserId: ownerId, email, role: "admin" });
    expect(result.status).toBe("invited");
    expect(await isMemberOf(accountId, victim)).toBe(false);
    expect((await resolveMember(ctx.db, await signedInAs(ctx.db, victim)))?.accounts.map((a) => a.accountId)).not.toContain(accountId);
    expect(await inviteMember(ctx.db, { accountId, actorRole: "owner", actorUserId: ownerId, email, role: "member" })).toMatchObject({ status: "invited" });
  }, 30_000);

  it("finding 2: POST /api/v1/account/members answers alike for registered and unregistered emails, and mails the link", async () => {
    const { ownerId } = await createAccount(ctx.db);
    const registered = address("registered");
    await createUser(ctx.db, { email: registered, name: "Secret Name", emailVerifiedAt: new Date() });
    const unregistered = address("unregistered");
    session.userId = ownerId;

    const a = await call(membersRoute.POST, post("/api/v1/account/members", { email: registered, role: "admin" }));
    const b = await call(membersRoute.POST, post("/api/v1/account/members", { email: unregistered, role: "admin" }));
    expect(a.status).toBe(201);
    expect(b.status).toBe(a.status);
    // Only the per-invitation values differ: same keys, same status, no name.
    const shape = (r: typeof a) => ({ ...r.body, email: "<email>", invitation_id: "<id>", accept_url: "<url>", expires_at: "<t>" });
    expect(shape(a)).toEqual(shape(b));
    expect(a.body).toMatchObject({ status: "invited", role: "admin" });
    expect(JSON.stringify(a.body)).not.toContain("Secret Name");
    const { members } = (await call(membersRoute.GET, new Request(`${ORIGIN}/api/v1/account/members`))).body as { members: { email: string }[] };
    expect(members.map((m) => m.email)).not.toContain(registered);

    // Each invitee got a mail (sent by the job queued with the invitation) with the link the API returned once.
    await drainJobs(ctx);
    for (const [email, response] of [[registered, a], [unregistered, b]] as const) {
      const [mail] = sink.to(email);
      expect(mail?.subject).toMatch(/^Join Account /);
      expect(linkIn(mail!.text, "/invitations/accept?token=")).toBe(response.body.accept_url);
    }

    // "Copy link" re-issues: a new working link, the old one dead.
    const reissued = await call(linkRoute.POST, post(`/api/v1/account/invitations/${String(a.body.invitation_id)}/link`), { invitationId: String(a.body.invitation_id) });
    expect(reissued.status).toBe(200);
    expect(reissued.body.accept_url).not.toBe(a.body.accept_url);
    expect(await previewInvitation(ctx.db, { token: tokenOf(String(a.body.accept_url)), userId: null })).toEqual({ state: "invalid" });
    const missing = await call(linkRoute.POST, post("/api/v1/account/invitations/inv_nope/link"), { invitationId: "inv_nope" });
    expect(missing.status).toBe(404);
  }, 30_000);

  it("finding 6: a provider login never links to an unverified password user; the provider's proof takes the address over", async () => {
    const email = address("squatted");
    const { userId } = await signUp(ctx.db, { email, name: "Squatter", passwordHash: await hashPasswordForTests("squatter-password"), accountName: "Squat Co" });
    const squattersSession = await signedInAs(ctx.db, userId);
    const linked = await findOrCreateOAuthUser(ctx.db, { email, name: "Real Owner" });
    expect(await findSessionUser(ctx.db, squattersSession)).toBeNull(); // the session they already had ends too
    expect(linked.id).toBe(userId);
    const [after] = await ctx.db.select().from(users).where(eq(users.id, userId));
    expect(after!.emailVerifiedAt).toBeInstanceOf(Date);
    expect(after!.passwordHash).toBeNull();
    expect(await authenticatePassword(ctx.db, { email, password: "squatter-password" })).toEqual({ status: "invalid" });

    // A verified password user keeps their password when they add a provider login.
    const owner = address("verified");
    const { userId: ownerId } = await signUp(ctx.db, { email: owner, name: "Owner", passwordHash: await hashPasswordForTests("owner-password"), accountName: "O", emailVerifiedAt: new Date() });
    expect((await findOrCreateOAuthUser(ctx.db, { email: owner, name: "Owner" })).id).toBe(ownerId);
    expect((await authenticatePassword(ctx.db, { email: owner, password: "owner-password" })).status).toBe("ok");

    // A brand-new provider user is verified from the start.
    const fresh = await findOrCreateOAuthUser(ctx.db, { email: address("fresh"), name: "Fresh" });
    const [row] = await ctx.db.select().from(users).where(eq(users.id, fresh.id));
    expect(row!.emailVerifiedAt).toBeInstanceOf(Date);
  }, 30_000);
});
