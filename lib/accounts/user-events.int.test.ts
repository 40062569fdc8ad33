/**
 * `user.created` and `user.suspended` in seed 001's payload shape (event, amount, currency, status, payer, timestamp,
 * plus Khata's id and account_id): on sign-up, on a new account of an existing user, on an accepted invitation, and
 * on a suspension; one event per cause.
 */
import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { outboxEvents } from "@/lib/db/schema";
import { suspendAccount } from "@/lib/suspensions/suspend-account";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createUser } from "@/lib/testing/factories";
import { acceptInvitation } from "./accept-invitation";
import { inviteMember } from "./members";
import { createAccountForUser } from "./memberships";
import { signUp } from "./sign-up";

/** The keys of seed 001's sample payload, every one present on every event Khata sends. */
const SEED_FIELDS = ["event", "amount", "currency", "status", "payer", "timestamp"] as const;

describeWithDatabase("user events in the seed's shape", (ctx) => {
  const eventsOf = (accountId: string, type: "user.created" | "user.suspended") =>
    ctx.db.select().from(outboxEvents).where(and(eq(outboxEvents.accountId, accountId), eq(outboxEvents.eventType, type)));
  const shaped = (value: unknown) => {
    const payload = value as Record<string, unknown>;
    for (const field of SEED_FIELDS) expect(payload, field).toHaveProperty(field);
    expect(new Date(payload.timestamp as string).toISOString()).toBe(payload.timestamp);
  };

  it("user.created names the person who joined (payer) and their role: sign-up, another account, an invitation", async () => {
    const email = `joiner-${Math.random().toString(36).slice(2, 8)}@events.test`;
    const { userId, accountId } = await signUp(ctx.db, { email, name: "Priya Founder", passwordHash: null, accountName: "Priya Co" });
    const [created] = await eventsOf(accountId, "user.created");
    shaped(created!.payload);
    expect(created!.payload).toMatchObject({
      event: "user.created",
      account_id: accountId,
      amount: 0,
      currency: "INR",
      status: "active",
      payer: "Priya Founder",
      user: { id: userId, email, name: "Priya Founder", role: "owner" },
    });

    const second = await createAccountForUser(ctx.db, { userId, name: "Priya Labs" });
    const [again] = await eventsOf(second, "user.created");
    expect(again!.payload).toMatchObject({ event: "user.created", payer: "Priya Founder", user: { id: userId, role: "owner" } });

    const { accountId: team, ownerId } = await createAccount(ctx.db, { name: "Team Co" });
    const invitee = await createUser(ctx.db, { name: "Ravi Member", emailVerifiedAt: new Date() });
    const invited = await inviteMember(ctx.db, { accountId: team, actorRole: "owner", actorUserId: ownerId, email: invitee.email, role: "member" });
    if (invited.status !== "invited") throw new Error("expected an invitation");
    const token = new URL(invited.acceptUrl).searchParams.get("token")!;
    await acceptInvitation(ctx.db, { token, userId: invitee.id });
    const joined = await eventsOf(team, "user.created");
    expect(joined).toHaveLength(1);
    shaped(joined[0]!.payload);
    expect(joined[0]!.payload).toMatchObject({ payer: "Ravi Member", user: { id: invitee.id, email: invitee.email, role: "member" }, role: "member" });
  });

  it("user.suspended names the account (payer), the reason and the source; once per suspension", async () => {
    const { accountId } = await createAccount(ctx.db, { name: "Misuse Pvt Ltd" });
    const operator = await createUser(ctx.db, { isOperator: true });
    const now = new Date("2026-12-01T06:00:00.000Z");
    await ctx.db.transaction((tx) => suspendAccount(tx, { accountId, reason: "Chargeback abuse.", source: "operator", byUserId: operator.id, now }));
    await ctx.db.transaction((tx) => suspendAccount(tx, { accountId, reason: "Again.", source: "operator", byUserId: operator.id, now }));
    const events = await eventsOf(accountId, "user.suspended");
    expect(events).toHaveLength(1);
    shaped(events[0]!.payload);
    expect(events[0]!.payload).toMatchObject({
      event: "user.suspended",
      account_id: accountId,
      amount: 0,
      currency: "INR",
      status: "suspended",
      payer: "Misuse Pvt Ltd",
      account_name: "Misuse Pvt Ltd",
      reason: "Chargeback abuse.",
      source: "operator",
      timestamp: now.toISOString(),
    });
  });
});
