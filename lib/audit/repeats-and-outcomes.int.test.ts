/**
 * The merged money and access services beyond "one call, one entry" (audited-routes.int.test.ts): a repeat that
 * changes nothing writes nothing, a refused call rolls its entry back, a two-person payout writes one entry per
 * approval with each operator, and the payout outcomes Cashfree reports are system entries, once each, whatever
 * request or job carries the report.
 */
import { and, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { revokeMemberKey } from "@/lib/accounts/revoke-member-key";
import { createPersonalKey } from "@/lib/api-keys/create-personal-key";
import { revokeOwnPersonalKey } from "@/lib/api-keys/revoke-personal-keys";
import { grantCredits } from "@/lib/credits/grant-credits";
import { rowsOf } from "@/lib/db/rows";
import { auditLog } from "@/lib/db/schema";
import { retryJob } from "@/lib/jobs/retry-job";
import { withRequestContext, type RequestActor } from "@/lib/log-context";
import { dismissFlaggedOrder } from "@/lib/orders/dismiss-flagged-order";
import { applyTransferStatus } from "@/lib/payouts/apply-transfer-status";
import { approvePayout } from "@/lib/payouts/approve-payout";
import { rejectPayout } from "@/lib/payouts/reject-payout";
import { requestPayout } from "@/lib/payouts/request-payout";
import { describeWithDatabase, type DatabaseContext } from "@/lib/testing/database";
import { addMember, createAccount, createUser, ledgerInvariant } from "@/lib/testing/factories";
import { insertOrder } from "@/lib/testing/orders";

const BENEFICIARY = { name: "Asha Traders", account_number: "026291800001191", ifsc: "YESB0000262" };

/** Runs fn as a request by `actor`, so recordAudit sees that caller (as the route wrapper arranges). */
const as = <T>(actor: RequestActor, fn: () => Promise<T>) => withRequestContext({ requestId: `req-${Math.random().toString(36).slice(2)}`, actor }, fn);

describeWithDatabase("audit: repeats write nothing; payout outcomes are system entries", (ctx) => {
  const entries = (targetId: string) => ctx.db.select().from(auditLog).where(eq(auditLog.targetId, targetId)).orderBy(auditLog.id);

  async function payoutOf(c: DatabaseContext, options: { approvals: 1 | 2 }) {
    const { accountId, ownerId } = await createAccount(c.db);
    const order = await insertOrder(c.db, { accountId, credits: 100n, status: "PAID", paidAt: new Date() });
    await c.db.transaction((tx) => grantCredits(tx, { accountId, kind: "topup", amountCredits: 100n, causeKey: `order:${order.id}`, orderId: order.id, description: "top-up" }));
    const payout = await as({ kind: "user", id: ownerId }, () =>
      requestPayout(c.db, { accountId, body: { credits: 40n, beneficiary: BENEFICIARY }, requestedByUserId: ownerId, requestedByApiKeyId: null, secondApprovalAbovePaise: options.approvals === 2 ? 0n : 10_000_000n }),
    );
    return { accountId, ownerId, payout };
  }

  it("a payout's request, two approvals by two operators, and nothing for a refused or repeated approval", async () => {
    const [op1, op2] = [(await createUser(ctx.db, { isOperator: true })).id, (await createUser(ctx.db, { isOperator: true })).id];
    const { ownerId, payout } = await payoutOf(ctx, { approvals: 2 });
    await as({ kind: "operator", id: op1 }, () => approvePayout(ctx.db, { payoutId: payout.id, operatorUserId: op1 }));
    await expect(as({ kind: "operator", id: op1 }, () => approvePayout(ctx.db, { payoutId: payout.id, operatorUserId: op1 }))).rejects.toMatchObject({ code: "payout_needs_another_operator" });
    await as({ kind: "operator", id: op2 }, () => approvePayout(ctx.db, { payoutId: payout.id, operatorUserId: op2 }));
    expect(await as({ kind: "operator", id: op2 }, () => approvePayout(ctx.db, { payoutId: payout.id, operatorUserId: op2 }))).toMatchObject({ outcome: "already_approved" });

    expect((await entries(payout.id)).map((e) => [e.action, e.actorKind, e.actorId, e.after])).toEqual([
      ["payout.request", "user", ownerId, expect.objectContaining({ status: "requested", credits: "40", amount_paise: "4000", bank_account_last4: "1191", approvals_required: 2 })],
      ["payout.approve", "operator", op1, { approvals: 1 }],
      ["payout.approve", "operator", op2, { status: "approved", approvals: 2 }],
    ]);
    // The full account number is not copied into the log.
    expect(JSON.stringify((await entries(payout.id)).map((e) => [e.before, e.after]))).not.toContain(BENEFICIARY.account_number);
  });

  it("Cashfree's outcomes are system entries, once each, even when a person's request carries them", async () => {
    const operator = (await createUser(ctx.db, { isOperator: true })).id;
    const { accountId, payout } = await payoutOf(ctx, { approvals: 1 });
    await approvePayout(ctx.db, { payoutId: payout.id, operatorUserId: operator });
    const report = (status: string) =>
      as({ kind: "operator", id: operator }, () => ctx.db.transaction((tx) => applyTransferStatus(tx, { transfer_id: payout.id, cf_transfer_id: "cf_tr_1", status, transfer_utr: "UTR42" }, new Date())));
    expect(await report("SUCCESS")).toBe("payout_processed");
    expect(await report("SUCCESS")).toBe("payout_unchanged"); // duplicate delivery
    expect(await report("REVERSED")).toBe("payout_reversed");
    expect(await report("REVERSED")).toBe("payout_unchanged");

    const outcomes = (await entries(payout.id)).filter((e) => e.action === "payout.processed" || e.action === "payout.reversed");
    expect(outcomes.map((e) => [e.action, e.actorId, e.accountId, e.before, e.after])).toEqual([
      ["payout.processed", null, accountId, expect.objectContaining({ status: "approved" }), { status: "processed", amount_paise: "4000", transfer_utr: "UTR42" }],
      ["payout.reversed", null, accountId, expect.objectContaining({ status: "processed" }), expect.objectContaining({ status: "reversed", credits_returned: "40", orders_flagged: 1 })],
    ]);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 100n, ledgerSum: 100n });

    const failing = await payoutOf(ctx, { approvals: 1 });
    await approvePayout(ctx.db, { payoutId: failing.payout.id, operatorUserId: operator });
    await ctx.db.transaction((tx) => applyTransferStatus(tx, { transfer_id: failing.payout.id, cf_transfer_id: null, status: "FAILED", status_description: "beneficiary bank offline" }, new Date()));
    expect((await entries(failing.payout.id)).filter((e) => e.action === "payout.failed").map((e) => [e.action, e.after])).toEqual([
      ["payout.failed", expect.objectContaining({ status: "failed", failure_reason: "beneficiary bank offline", credits_returned: "40" })],
    ]);
  });

  it("rejecting a payout again writes nothing", async () => {
    const operator = (await createUser(ctx.db, { isOperator: true })).id;
    const { payout } = await payoutOf(ctx, { approvals: 1 });
    for (let i = 0; i < 2; i++) await as({ kind: "operator", id: operator }, () => rejectPayout(ctx.db, { payoutId: payout.id, operatorUserId: operator, reason: "name mismatch" }));
    expect((await entries(payout.id)).map((e) => e.action)).toEqual(["payout.request", "payout.reject"]);
  });

  it("personal keys: revoking twice, or a teammate without a key, writes one entry and then nothing", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db);
    const member = await addMember(ctx.db, accountId, "member");
    const mine = await createPersonalKey(ctx.db, { accountId, userId: ownerId });
    const theirs = await createPersonalKey(ctx.db, { accountId, userId: member.id });
    const owner: RequestActor = { kind: "user", id: ownerId };
    for (let i = 0; i < 2; i++) await as(owner, () => revokeOwnPersonalKey(ctx.db, { accountId, userId: ownerId }));
    for (let i = 0; i < 2; i++) await as(owner, () => revokeMemberKey(ctx.db, { accountId, actorRole: "owner", actorUserId: ownerId, targetUserId: member.id }));
    expect((await entries(mine.apiKey.id)).map((e) => [e.action, e.actorId])).toEqual([["api_key.personal_create", null], ["api_key.personal_revoke", ownerId]]);
    expect((await entries(theirs.apiKey.id)).map((e) => [e.action, e.actorId, e.after])).toEqual([
      ["api_key.personal_create", null, expect.objectContaining({ user_id: member.id })],
      ["team.member_key_revoke", ownerId, expect.objectContaining({ user_id: member.id })],
    ]);
  });

  it("a refused dismiss or job retry writes nothing", async () => {
    const operator: RequestActor = { kind: "operator", id: (await createUser(ctx.db, { isOperator: true })).id };
    const { accountId } = await createAccount(ctx.db);
    const order = await insertOrder(ctx.db, { accountId, flagged: true });
    await as(operator, () => dismissFlaggedOrder(ctx.db, { orderId: order.id, reason: "nothing owed", byUserId: operator.id! }));
    await expect(as(operator, () => dismissFlaggedOrder(ctx.db, { orderId: order.id, reason: "nothing owed", byUserId: operator.id! }))).rejects.toMatchObject({ code: "order_not_flagged" });
    expect((await entries(order.id)).map((e) => e.action)).toEqual(["order.dismiss_flag"]);

    const [job] = rowsOf<{ id: string }>(await ctx.db.execute(sql`select id::text from graphile_worker.add_job('audit-test-later', '{}'::json, run_at => now() + interval '1 day')`));
    await expect(as(operator, () => retryJob(ctx.db, job!.id))).rejects.toMatchObject({ code: "job_not_failed" });
    expect(await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, "job.retry"), eq(auditLog.targetId, job!.id)))).toEqual([]);
  });
});
