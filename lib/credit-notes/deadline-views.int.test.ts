/**
 * The s.34(2) deadline on operators' refund and dispute rows (/operator/refunds, /operator/disputes and their admin
 * JSON): the invoice's last day, and a warning only for rows that can still issue a credit note.
 */
import { beforeAll, expect, it } from "vitest";
import { disputes, refunds } from "@/lib/db/schema";
import { listDisputesForOperator } from "@/lib/disputes/list-disputes";
import { adminDisputesQuerySchema } from "@/lib/disputes/schemas";
import { newId } from "@/lib/ids";
import { listAdminRefunds } from "@/lib/refunds/admin-refund-views";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { createInvoicedOrder, insertSucceededRefund } from "@/lib/testing/invoices";
import { insertOrder } from "@/lib/testing/orders";

describeWithDatabase("credit note deadline on operators' refunds and disputes", (ctx) => {
  let accountId: string;
  let invoicedOrderId: string;
  let uninvoicedOrderId: string;
  beforeAll(async () => {
    accountId = (await createAccount(ctx.db)).accountId;
    // Invoice of 23 Nov 2026 (FY 2026-27): credit notes against it must be declared by 30 Nov 2027.
    invoicedOrderId = (await createInvoicedOrder(ctx.db, { accountId, totalPaise: 50000n, issuedAt: new Date("2026-11-23T06:00:00Z") })).order.id;
    uninvoicedOrderId = (await insertOrder(ctx.db, { accountId, status: "PAID", credits: 500n })).id;
  });

  const insertRefund = async (orderId: string, status: "requested" | "pending" | "succeeded") => {
    const id = newId("rf");
    await ctx.db.insert(refunds).values({ id, accountId, orderId, credits: 100n, amountPaise: 10000n, reason: "Not needed", status, initiatedBy: "account" });
    return id;
  };
  const insertDispute = async (orderId: string, resolution: "open" | "won") => {
    const id = newId("dsp");
    await ctx.db.insert(disputes).values({ id, cfDisputeId: `cf_${id}`, accountId, orderId, disputeType: "CHARGEBACK", cfStatus: resolution === "open" ? "CHARGEBACK_CREATED" : "CHARGEBACK_MERCHANT_WON", amountPaise: 10000n, resolution });
    return id;
  };

  it("refunds: near and past warnings for requested and pending refunds, none for a completed one or an order without an invoice", async () => {
    const requested = await insertRefund(invoicedOrderId, "requested");
    const pending = await insertRefund(invoicedOrderId, "pending");
    const succeeded = await insertSucceededRefund(ctx.db, { accountId, orderId: invoicedOrderId, amountPaise: 10000n });
    const uninvoiced = await insertRefund(uninvoicedOrderId, "requested");
    const at = async (now: string) => new Map((await listAdminRefunds(ctx.db, { limit: 100, offset: 0 }, new Date(now))).map((r) => [r.refund_id, r]));

    const months = await at("2027-06-01T00:00:00Z");
    expect(months.get(requested)).toMatchObject({ account_id: accountId, credit_note_deadline: "2027-11-30", credit_note_warning: null });

    const near = await at("2027-11-20T00:00:00Z");
    for (const id of [requested, pending]) {
      expect(near.get(id)).toMatchObject({ credit_note_deadline: "2027-11-30", credit_note_warning: { level: "near", days_left: 11, message: expect.stringContaining("30 Nov 2027") } });
    }
    expect(near.get(succeeded)).toMatchObject({ credit_note_deadline: "2027-11-30", credit_note_warning: null });
    expect(near.get(uninvoiced)).toMatchObject({ credit_note_deadline: null, credit_note_warning: null });

    const past = await at("2027-12-01T00:00:00Z");
    expect(past.get(requested)!.credit_note_warning).toMatchObject({ level: "past", message: expect.stringContaining("Past the s.34(2) deadline") });
    // The queue the page shows (status=requested) carries the same fields.
    const queue = await listAdminRefunds(ctx.db, { status: "requested", limit: 100, offset: 0 }, new Date("2027-12-01T00:00:00Z"));
    expect(queue.find((r) => r.refund_id === requested)?.credit_note_warning?.level).toBe("past");
    expect(queue.every((r) => r.status === "requested")).toBe(true);
  });

  it("disputes: an open dispute is warned, a closed one only shows the deadline", async () => {
    const open = await insertDispute(invoicedOrderId, "open");
    const won = await insertDispute(invoicedOrderId, "won");
    const openUninvoiced = await insertDispute(uninvoicedOrderId, "open");
    const list = async (openOnly: "0" | "1", now: string) =>
      new Map((await listDisputesForOperator(ctx.db, adminDisputesQuerySchema.parse({ open: openOnly, limit: "100" }), new Date(now))).disputes.map((d) => [d.dispute_id, d]));

    const near = await list("1", "2027-11-30T18:29:59Z");
    expect(near.get(open)).toMatchObject({ credit_note_deadline: "2027-11-30", credit_note_warning: { level: "near", days_left: 1 } });
    expect(near.get(openUninvoiced)).toMatchObject({ credit_note_deadline: null, credit_note_warning: null });
    expect(near.has(won)).toBe(false);

    const all = await list("0", "2027-11-30T18:30:00Z");
    expect(all.get(open)!.credit_note_warning).toMatchObject({ level: "past" });
    expect(all.get(won)).toMatchObject({ credit_note_deadline: "2027-11-30", credit_note_warning: null });
  });
});
