import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { grantCredits } from "@/lib/credits/grant-credits";
import { accounts, emails } from "@/lib/db/schema";
import { enqueueInvoiceRender } from "@/lib/invoices/render-jobs";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { runJobsOnce } from "@/lib/jobs/start-worker";
import { suspendAccount } from "@/lib/suspensions/suspend-account";
import { recordUsage } from "@/lib/usage/record-usage";
import { listAppPages } from "@/lib/testing/app-pages";
import { describeWithDatabase, type DatabaseContext } from "@/lib/testing/database";
import { addMember, createAccount, createBillingProfile, createUser } from "@/lib/testing/factories";
import { createInvoicedOrder, insertSucceededRefund } from "@/lib/testing/invoices";
import { linkIn, startTestMailSink } from "@/lib/testing/mail-sink";
import { insertOrder, paymentWebhookBody, signedHeaders } from "@/lib/testing/orders";
import { deliverAndSettle, drainJobs } from "@/lib/testing/run-jobs";
import { handleWebhook } from "@/lib/orders/handle-webhook";
import { settleWebhookJobs } from "@/lib/testing/run-jobs";
import { setNotificationPreferences } from "./notification-preferences";
import { enqueuePayoutNotification } from "./notify-payout";
import { sweepNotifications } from "./sweep-notifications";

const SECRET = "notifications-webhook-secret";
const address = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 8)}@mail.test`;

/** A link in a mail leads somewhere: its path is one of the app's pages (dynamic segments match anything). */
function expectAppPage(link: string) {
  const { pathname } = new URL(link);
  const pages = listAppPages().map((p) => new RegExp(`^${p.route.replace(/\[[^\]]+\]/g, "[^/]+")}$`));
  expect(pages.some((re) => re.test(pathname)), `${pathname} is a page of the app`).toBe(true);
}

async function accountWith(ctx: DatabaseContext, input: { balanceCredits?: bigint; monthlyBudgetCredits?: bigint } = {}) {
  const ownerEmail = address("owner");
  const owner = await createUser(ctx.db, { email: ownerEmail });
  const account = await createAccount(ctx.db, { ownerId: owner.id, name: "Acme Analytics", ...input });
  return { ...account, ownerEmail };
}

describeWithDatabase("notification mails: each sent once for its event, to the right people, with working links", (ctx) => {
  let sink: Awaited<ReturnType<typeof startTestMailSink>>;
  beforeAll(async () => {
    sink = await startTestMailSink();
  });
  afterAll(async () => {
    await sink.stop();
  });

  it("invoice issued: after its render job, to the billing email, the stored PDF attached; a second render job sends nothing", async () => {
    const { accountId, ownerEmail } = await accountWith(ctx);
    const billing = address("billing");
    await createBillingProfile(ctx.db, accountId, { email: billing });
    const { invoice } = await createInvoicedOrder(ctx.db, { accountId, totalPaise: 12_34_567n });
    await enqueueInvoiceRender(ctx.db, invoice.id);
    await drainJobs(ctx);
    await enqueueInvoiceRender(ctx.db, invoice.id); // a duplicate render job (at-least-once)
    await drainJobs(ctx);

    const mails = sink.to(billing);
    expect(mails).toHaveLength(1);
    expect(sink.to(ownerEmail)).toHaveLength(0);
    const [mail] = mails;
    expect(mail!.subject).toBe(`Invoice ${invoice.invoiceNumber} from Khata: ₹12,345.67`);
    expect(mail!.text).toContain("Total (incl. GST): ₹12,345.67");
    expect(mail!.text).toContain("Issued: 23 Nov 2026");
    expect(mail!.html).toContain("₹12,345.67");
    expect(mail!.attachments).toHaveLength(1);
    expect(mail!.attachments[0]).toMatchObject({ contentType: "application/pdf", head: "%PDF-1.3" });
    expect(mail!.attachments[0]!.filename).toMatch(/\.pdf$/);
    expectAppPage(linkIn(mail!.text, "/invoices/"));
  });

  it("low balance: once per crossing of the threshold; usage below it, or the job again, sends nothing more", async () => {
    const { accountId, ownerEmail } = await accountWith(ctx, { balanceCredits: 1_000n });
    const member = await addMember(ctx.db, accountId, "member", { email: address("member") });
    await ctx.db.update(accounts).set({ lowBalanceThresholdCredits: 200n }).where(eq(accounts.id, accountId));
    const use = (id: string, credits: number) => recordUsage(ctx.db, { accountId, apiKeyId: null, event: { event_id: id, credits } });

    await use("u1", 700); // 300 left: above
    await use("u2", 150); // 150 left: crossed
    await use("u3", 50); // 100 left: still below, no new crossing
    await drainJobs(ctx);
    await drainJobs(ctx);
    for (const to of [ownerEmail, member.email]) {
      expect(sink.to(to).map((m) => m.subject)).toEqual(["Low balance: 150 credits left"]);
    }
    expect(sink.to(ownerEmail)[0]!.text).toContain("at or below your warning level of 200");
    expectAppPage(linkIn(sink.to(ownerEmail)[0]!.text, "/billing/top-up"));

    // Topped up above the threshold and crossing it again is a new crossing: a new mail.
    await ctx.db.transaction((tx) => grantCredits(tx, { accountId, kind: "adjustment", amountCredits: 1_000n, causeKey: `adjustment:${accountId}:2`, description: "Top up" }));
    await use("u4", 1_000); // 100 left
    await drainJobs(ctx);
    expect(sink.to(ownerEmail).map((m) => m.subject)).toEqual(["Low balance: 150 credits left", "Low balance: 100 credits left"]);
  });

  it("a user who switched a kind off does not get it; must-go kinds cannot be switched off", async () => {
    const { accountId, ownerEmail } = await accountWith(ctx, { balanceCredits: 1_000n });
    const admin = await addMember(ctx.db, accountId, "admin", { email: address("admin") });
    expect(await setNotificationPreferences(ctx.db, { userId: admin.id, accountId, choices: { "low-balance": false } })).toMatchObject({ outcome: "saved" });
    expect(await setNotificationPreferences(ctx.db, { userId: admin.id, accountId, choices: { "account-suspended": false } })).toEqual({ outcome: "must_go", kinds: ["account-suspended"] });
    await recordUsage(ctx.db, { accountId, apiKeyId: null, event: { event_id: "big", credits: 900 } });
    await ctx.db.transaction((tx) => suspendAccount(tx, { accountId, reason: "Repeated chargebacks", source: "operator", byUserId: null }));
    await drainJobs(ctx);
    expect(sink.to(ownerEmail).map((m) => m.subject).sort()).toEqual(["Acme Analytics is suspended on Khata", "Low balance: 100 credits left"]);
    expect(sink.to(admin.email).map((m) => m.subject)).toEqual(["Acme Analytics is suspended on Khata"]);
    expect(sink.to(admin.email)[0]!.text).toContain("Repeated chargebacks");
  });

  it("payment failed (a FAILED webhook): one mail with a retry link to the order's return page, a redelivered webhook sends nothing more", async () => {
    const { accountId, ownerEmail } = await accountWith(ctx);
    const order = await insertOrder(ctx.db, { accountId, credits: 2_500n });
    const body = paymentWebhookBody({ orderId: order.id, orderAmount: 2_500, cfPaymentId: `fail-${order.id}`, status: "FAILED" });
    await deliverAndSettle(ctx, { secret: SECRET, rawBody: body });
    await handleWebhook({ db: ctx.db, secret: SECRET }, { rawBody: body, headers: signedHeaders(body, SECRET, { idempotencyKey: "again" }) });
    await settleWebhookJobs(ctx);
    await drainJobs(ctx);
    const mails = sink.to(ownerEmail);
    expect(mails.map((m) => m.subject)).toEqual(["Payment of ₹2,500.00 failed"]);
    const retry = linkIn(mails[0]!.text, "/billing/return?order_id=");
    expect(new URL(retry).searchParams.get("order_id")).toBe(order.id);
    expectAppPage(retry);
  });

  it("budget: 80% and reached, each once per month and cap, by the sweeper job run any number of times", async () => {
    const { accountId, ownerEmail } = await accountWith(ctx, { balanceCredits: 10_000n, monthlyBudgetCredits: 1_000n });
    const now = new Date("2026-12-10T06:00:00Z");
    await recordUsage(ctx.db, { accountId, apiKeyId: null, event: { event_id: "b1", credits: 850 }, now });
    await sweepNotifications(ctx.db, now);
    await sweepNotifications(ctx.db, now);
    await drainJobs(ctx);
    expect(sink.to(ownerEmail).map((m) => m.subject)).toEqual(["80% of your monthly cap is used (850 of 1,000)"]);
    expect(sink.to(ownerEmail)[0]!.text).toContain("for December 2026");

    await recordUsage(ctx.db, { accountId, apiKeyId: null, event: { event_id: "b2", credits: 150 }, now });
    await enqueueJob(ctx.db, "sweep-notifications", {}); // the cron's job, on the pinned clock
    await runJobsOnce({ connectionString: ctx.url, db: ctx.db, now: () => now });
    await sweepNotifications(ctx.db, now);
    await drainJobs(ctx);
    const subjects = sink.to(ownerEmail).map((m) => m.subject);
    expect(subjects).toEqual(["80% of your monthly cap is used (850 of 1,000)", "Monthly cap reached: usage is refused until 01 Jan 2027"]);
    expectAppPage(linkIn(sink.to(ownerEmail)[1]!.text, "/billing/budget"));
  });

  it("plan ending in 3 days, then ended: one mail each however often the sweeper runs", async () => {
    const { accountId, ownerEmail } = await accountWith(ctx);
    const endsAt = new Date("2026-12-12T12:00:00Z");
    await ctx.db.update(accounts).set({ plan: "pro", planExpiresAt: endsAt }).where(eq(accounts.id, accountId));
    await sweepNotifications(ctx.db, new Date("2026-12-08T12:00:00Z")); // 4 days before: nothing yet
    await drainJobs(ctx);
    expect(sink.to(ownerEmail)).toHaveLength(0);
    await sweepNotifications(ctx.db, new Date("2026-12-09T13:00:00Z"));
    await sweepNotifications(ctx.db, new Date("2026-12-10T13:00:00Z"));
    await sweepNotifications(ctx.db, new Date("2026-12-12T12:05:00Z"));
    await sweepNotifications(ctx.db, new Date("2026-12-13T12:05:00Z"));
    await drainJobs(ctx);
    const mails = sink.to(ownerEmail);
    expect(mails.map((m) => m.subject)).toEqual(["Your Pro plan ends on 12 Dec 2026", "Your Pro plan has ended"]);
    expect(mails[0]!.text).toContain("12 Dec 2026, 05:30 PM IST");
    expectAppPage(linkIn(mails[1]!.text, "/billing/plans"));
  });

  it("refund and credit note: one mail with the credit note's PDF when its job runs, twice-run or not", async () => {
    const { accountId, ownerEmail } = await accountWith(ctx);
    await createBillingProfile(ctx.db, accountId, { email: address("billing") });
    const { order } = await createInvoicedOrder(ctx.db, { accountId, totalPaise: 500_000n });
    const refundId = await insertSucceededRefund(ctx.db, { accountId, orderId: order.id, amountPaise: 118_000n });
    await enqueueJob(ctx.db, "issue-refund-credit-note", { refundId });
    await drainJobs(ctx);
    await enqueueJob(ctx.db, "issue-refund-credit-note", { refundId });
    await drainJobs(ctx);
    const mails = sink.to(ownerEmail);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^Refund of ₹1,180\.00 processed: credit note \S+$/);
    expect(mails[0]!.attachments).toMatchObject([{ contentType: "application/pdf", head: "%PDF-1.3" }]);
    expectAppPage(linkIn(mails[0]!.text, "/payments"));
  });

  it("dispute opened (a DISPUTE_CREATED webhook, delivered twice): one mail naming the amount, the held credits and the deadline", async () => {
    const { accountId, ownerEmail } = await accountWith(ctx);
    await createBillingProfile(ctx.db, accountId, { email: address("billing") });
    const order = await insertOrder(ctx.db, { accountId, credits: 500n });
    await deliverAndSettle(ctx, { secret: SECRET, rawBody: paymentWebhookBody({ orderId: order.id, orderAmount: 500, cfPaymentId: `ok-${order.id}`, status: "SUCCESS" }) });
    const dispute = (updatedAt: string) =>
      JSON.stringify({
        data: {
          dispute: {
            dispute_id: `d-${order.id}`,
            dispute_type: "CHARGEBACK",
            reason_code: "4855",
            reason_description: "Goods or Services Not Provided",
            dispute_amount: 200,
            created_at: "2026-12-01T10:00:00+05:30",
            updated_at: updatedAt,
            respond_by: "2026-12-08T23:59:59+05:30",
            dispute_status: "CHARGEBACK_CREATED",
            cf_dispute_remarks: "Dispute is created, please take action",
            dispute_amount_currency: "INR",
          },
          order_details: { order_id: order.id, order_amount: 500, order_currency: "INR", cf_payment_id: 885473311, payment_amount: 500, payment_currency: "INR" },
          customer_details: { customer_name: "C", customer_phone: "9876543210", customer_email: null },
        },
        event_time: "2026-12-01T10:00:05+05:30",
        type: "DISPUTE_CREATED",
      });
    await deliverAndSettle(ctx, { secret: SECRET, rawBody: dispute("2026-12-01T05:00:00+00:00"), headers: signedHeaders(dispute("2026-12-01T05:00:00+00:00"), SECRET, { idempotencyKey: "d1" }) });
    await deliverAndSettle(ctx, { secret: SECRET, rawBody: dispute("2026-12-01T05:00:09+00:00"), headers: signedHeaders(dispute("2026-12-01T05:00:09+00:00"), SECRET, { idempotencyKey: "d2" }) });
    await drainJobs(ctx);
    const mails = sink.to(ownerEmail).filter((m) => m.subject.includes("disputed"));
    expect(mails.map((m) => m.subject)).toEqual(["A customer's bank disputed a payment of ₹200.00"]);
    expect(mails[0]!.text).toContain("200 credits are held");
    expect(mails[0]!.text).toContain("Respond with evidence by 08 Dec 2026, 11:59 PM IST");
    expectAppPage(linkIn(mails[0]!.text, "/payments"));
  });

  it("payouts (for the payouts domain): processed and rejected each mail once per payout", async () => {
    const { accountId, ownerEmail } = await accountWith(ctx);
    const processed = { outcome: "processed" as const, accountId, payoutId: "po_1", amountPaise: 10_00_000_00n, processedAt: new Date("2026-12-02T04:30:00Z"), reference: "UTR123" };
    await ctx.db.transaction((tx) => enqueuePayoutNotification(tx, processed));
    await ctx.db.transaction((tx) => enqueuePayoutNotification(tx, processed));
    await ctx.db.transaction((tx) => enqueuePayoutNotification(tx, { outcome: "rejected", accountId, payoutId: "po_2", amountPaise: 5_000n, reason: "Bank account closed" }));
    await drainJobs(ctx);
    expect(sink.to(ownerEmail).map((m) => m.subject).sort()).toEqual(["Payout of ₹10,00,000.00 processed", "Payout of ₹50.00 rejected"]);
    const rows = await ctx.db.select().from(emails).where(eq(emails.to, ownerEmail));
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });
});
