/**
 * Credit notes under concurrency (issue 13, acceptance 3): numbers consecutive per financial year with no gap or
 * duplicate, the series restarting on 1 April IST; an invoice's notes never exceed it; one note per refund;
 * taxable + taxes = amount to the paisa, and each note copies its invoice's parties.
 */
import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { creditNotes } from "@/lib/db/schema";
import { rowsOf } from "@/lib/db/rows";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { createInvoicedOrder, insertLostDispute, insertSucceededRefund } from "@/lib/testing/invoices";
import { queuedJobs } from "@/lib/testing/run-jobs";
import { creditNoteSnapshotSchema, type IssuedCreditNoteSnapshot } from "./credit-note-snapshot";
import { creditNoteDeadlineOfOrder } from "./credit-note-deadline-of-order";
import { issueCreditNote, type CreditNoteRequest } from "./issue-credit-note";

describeWithDatabase("issueCreditNote", (ctx) => {
  let accountId: string;
  let otherAccountId: string;
  beforeAll(async () => {
    accountId = (await createAccount(ctx.db)).accountId;
    otherAccountId = (await createAccount(ctx.db)).accountId;
  });

  const issue = (request: CreditNoteRequest) => ctx.db.transaction((tx) => issueCreditNote(tx, request));

  it("issues a note that copies the invoice's parties, foots to the paisa and queues its render", async () => {
    const { order, invoice } = await createInvoicedOrder(ctx.db, { accountId, totalPaise: 59900n, recipientStateCode: "27" });
    const refundId = await insertSucceededRefund(ctx.db, { accountId, orderId: order.id, amountPaise: 10000n });
    const issuedAt = new Date("2026-12-01T10:00:00Z");
    const result = await issue({ accountId, orderId: order.id, refundId, amountPaise: 10000n, reason: "Refund of 100 unused credits", issuedAt });
    expect(result).toMatchObject({ outcome: "issued", creditNoteNumber: expect.stringMatching(/^KC-2627-\d{6}$/) });
    if (result.outcome !== "issued") throw new Error("not issued");
    const [note] = await ctx.db.select().from(creditNotes).where(eq(creditNotes.id, result.creditNoteId));
    expect(note).toMatchObject({ invoiceId: invoice.id, refundId, disputeId: null, financialYear: "2627", totalPaise: 10000n, taxablePaise: 8474n, igstPaise: 1525n, cgstPaise: 0n, sgstPaise: 0n, roundOffPaise: 1n });
    const snapshot = note!.snapshot as IssuedCreditNoteSnapshot;
    expect(() => creditNoteSnapshotSchema.parse(snapshot)).not.toThrow();
    const invoiceSnapshot = invoice.snapshot as Record<string, unknown>;
    expect(snapshot).toMatchObject({
      title: "CREDIT NOTE",
      creditNoteNumber: result.creditNoteNumber,
      issuedAtIst: "01 Dec 2026",
      reason: "Refund of 100 unused credits",
      originalInvoice: { invoiceNumber: invoice.invoiceNumber, issuedAtIst: "23 Nov 2026" },
      supplier: invoiceSnapshot.supplier,
      recipient: invoiceSnapshot.recipient,
      placeOfSupply: invoiceSnapshot.placeOfSupply,
      taxLines: [{ kind: "IGST", ratePercent: "18", amountPaise: "1525" }],
      // ₹100 inter-state has no exact split (8475 + 1526 or 8474 + 1525): a one-paisa round-off.
      totals: { totalPaise: "10000", taxablePaise: "8474", totalTaxPaise: "1525", roundOffPaise: "1", roundOff: "₹0.01" },
      amountInWords: "Rupees One Hundred Only",
    });
    expect(await queuedJobs(ctx.db)).toContainEqual(expect.objectContaining({ task_identifier: "render-credit-note-pdf", payload: { creditNoteId: result.creditNoteId }, priority: 10 }));
  });

  it("50 notes issued concurrently: consecutive numbers, no gap or duplicate, each footing to the paisa", async () => {
    const made = await Promise.all(
      Array.from({ length: 25 }, (_, i) => createInvoicedOrder(ctx.db, { accountId, totalPaise: 100000n + BigInt(i) * 37n, recipientStateCode: i % 2 ? "29" : "07" })),
    );
    const requests = await Promise.all(
      made.flatMap(({ order }) =>
        [3331n, 12345n].map(async (amountPaise) => ({
          accountId,
          orderId: order.id,
          refundId: await insertSucceededRefund(ctx.db, { accountId, orderId: order.id, amountPaise }),
          amountPaise,
          reason: "Refund of unused credits",
          issuedAt: new Date("2027-01-15T10:00:00Z"),
        })),
      ),
    );
    const results = await Promise.all(requests.map(issue));
    expect(results.every((r) => r.outcome === "issued")).toBe(true);
    const rows = rowsOf<{ sequence_number: number; credit_note_number: string; bad: number }>(
      await ctx.db.execute(sql`select sequence_number, credit_note_number,
          (taxable_paise + cgst_paise + sgst_paise + igst_paise + round_off_paise <> total_paise or cgst_paise <> sgst_paise)::int as bad
        from credit_notes where financial_year = '2627' order by sequence_number`),
    );
    const seqs = rows.map((r) => Number(r.sequence_number));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.credit_note_number)).size).toBe(rows.length);
    expect(rows.filter((r) => Number(r.bad) !== 0)).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(50);
  });

  it("concurrent notes against one invoice never exceed it, and the full credit is exactly the invoice's split", async () => {
    const { order, invoice } = await createInvoicedOrder(ctx.db, { accountId, totalPaise: 100000n });
    const amounts = Array.from({ length: 12 }, () => 10000n); // 12 × ₹100 against a ₹1,000 invoice
    const requests = await Promise.all(
      amounts.map(async (amountPaise) => ({
        accountId,
        orderId: order.id,
        refundId: await insertSucceededRefund(ctx.db, { accountId, orderId: order.id, amountPaise }),
        amountPaise,
        reason: "Refund",
        issuedAt: new Date("2027-02-01T10:00:00Z"),
      })),
    );
    const results = await Promise.all(requests.map(issue));
    expect(results.filter((r) => r.outcome === "issued")).toHaveLength(10);
    expect(results.filter((r) => r.outcome === "exceeds_invoice")).toEqual([
      { outcome: "exceeds_invoice", remainingPaise: 0n },
      { outcome: "exceeds_invoice", remainingPaise: 0n },
    ]);
    const [sum] = rowsOf<{ taxable: string; cgst: string; sgst: string; igst: string; round_off: string; total: string }>(
      await ctx.db.execute(sql`select sum(taxable_paise)::text as taxable, sum(cgst_paise)::text as cgst, sum(sgst_paise)::text as sgst,
          sum(igst_paise)::text as igst, sum(round_off_paise)::text as round_off, sum(total_paise)::text as total from credit_notes where invoice_id = ${invoice.id}`),
    );
    expect(sum).toEqual({
      taxable: invoice.taxablePaise.toString(),
      cgst: invoice.cgstPaise.toString(),
      sgst: invoice.sgstPaise.toString(),
      igst: invoice.igstPaise.toString(),
      round_off: invoice.roundOffPaise.toString(),
      total: invoice.totalPaise.toString(),
    });
  });

  it("is idempotent per refund, concurrently: one note, the others already_issued with its number", async () => {
    const { order } = await createInvoicedOrder(ctx.db, { accountId, totalPaise: 50000n });
    const refundId = await insertSucceededRefund(ctx.db, { accountId, orderId: order.id, amountPaise: 20000n });
    const request = { accountId, orderId: order.id, refundId, amountPaise: 20000n, reason: "Refund", issuedAt: new Date("2027-02-02T10:00:00Z") };
    const results = await Promise.all(Array.from({ length: 8 }, () => issue(request)));
    const issued = results.filter((r) => r.outcome === "issued");
    expect(issued).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "already_issued")).toEqual(
      Array.from({ length: 7 }, () => ({ outcome: "already_issued", creditNoteId: issued[0]!.creditNoteId, creditNoteNumber: issued[0]!.creditNoteNumber })),
    );
    const [count] = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from credit_notes where refund_id = ${refundId}`));
    expect(Number(count!.n)).toBe(1);
  });

  it("a caller's transaction that rolls back after issuing leaves no gap: the next note takes its number", async () => {
    const { order } = await createInvoicedOrder(ctx.db, { accountId, totalPaise: 100000n, issuedAt: new Date("2028-06-01T10:00:00Z") });
    const request = async () => ({
      accountId,
      orderId: order.id,
      refundId: await insertSucceededRefund(ctx.db, { accountId, orderId: order.id, amountPaise: 500n }),
      amountPaise: 500n,
      reason: "Refund",
      issuedAt: new Date("2028-06-02T10:00:00Z"),
    });
    const rolledBack = await request();
    let numberSeen = "";
    await expect(
      ctx.db.transaction(async (tx) => {
        const r = await issueCreditNote(tx, rolledBack);
        if (r.outcome === "issued") numberSeen = r.creditNoteNumber;
        throw new Error("caller fails after issuing");
      }),
    ).rejects.toThrow("caller fails after issuing");
    expect(numberSeen).toBe("KC-2829-000001");
    expect(await issue(await request())).toMatchObject({ outcome: "issued", creditNoteNumber: "KC-2829-000001" });
    // The rolled-back refund can still get its note, next in the series.
    expect(await issue(rolledBack)).toMatchObject({ outcome: "issued", creditNoteNumber: "KC-2829-000002" });
  });

  it("a lost dispute's note: once per dispute, beside the order's refund notes, together the whole invoice", async () => {
    const { order } = await createInvoicedOrder(ctx.db, { accountId, totalPaise: 59900n, recipientStateCode: "04" });
    const refundId = await insertSucceededRefund(ctx.db, { accountId, orderId: order.id, amountPaise: 9900n });
    const disputeId = await insertLostDispute(ctx.db, { accountId, orderId: order.id, amountPaise: 50000n });
    const base = { accountId, orderId: order.id, issuedAt: new Date("2027-02-05T10:00:00Z") };
    expect(await issue({ ...base, refundId, amountPaise: 9900n, reason: "Refund of 99 unused credits" })).toMatchObject({ outcome: "issued" });
    const lost = await issue({ ...base, disputeId, amountPaise: 50000n, reason: `Chargeback lost (dispute ${disputeId})` });
    expect(lost).toMatchObject({ outcome: "issued" });
    expect(await issue({ ...base, disputeId, amountPaise: 50000n, reason: "again" })).toEqual({ ...lost, outcome: "already_issued" });
    const [sum] = rowsOf<{ total: string; n: number }>(
      await ctx.db.execute(sql`select sum(total_paise)::text as total, count(*)::int as n from credit_notes where order_id = ${order.id}`),
    );
    expect(sum).toEqual({ total: "59900", n: 2 });
  });

  it("refuses a request without exactly one cause, or with a non-positive amount, before touching anything", async () => {
    const { order } = await createInvoicedOrder(ctx.db, { accountId, totalPaise: 10000n });
    const base = { accountId, orderId: order.id, reason: "x", issuedAt: new Date("2027-02-06T10:00:00Z") };
    await expect(issue({ ...base, amountPaise: 100n })).rejects.toThrow(/exactly one of refundId \/ disputeId/);
    await expect(issue({ ...base, refundId: "rf_x", disputeId: "dsp_x", amountPaise: 100n })).rejects.toThrow(/exactly one/);
    await expect(issue({ ...base, refundId: "rf_x", amountPaise: 0n })).rejects.toThrow(/positive/);
  });

  it("the series restarts on 1 April IST (31 Mar 18:30 UTC)", async () => {
    const { order } = await createInvoicedOrder(ctx.db, { accountId, totalPaise: 100000n, issuedAt: new Date("2027-03-01T10:00:00Z") });
    const at = async (iso: string) => {
      const refundId = await insertSucceededRefund(ctx.db, { accountId, orderId: order.id, amountPaise: 100n });
      return issue({ accountId, orderId: order.id, refundId, amountPaise: 100n, reason: "Refund", issuedAt: new Date(iso) });
    };
    const before = await at("2027-03-31T18:29:59.999Z");
    const first = await at("2027-03-31T18:30:00.000Z");
    const second = await at("2027-04-02T00:00:00.000Z");
    expect(before).toMatchObject({ outcome: "issued", creditNoteNumber: expect.stringMatching(/^KC-2627-/) });
    expect(first).toMatchObject({ outcome: "issued", creditNoteNumber: "KC-2728-000001" });
    expect(second).toMatchObject({ outcome: "issued", creditNoteNumber: "KC-2728-000002" });
  });

  it("no_invoice for an order without an invoice or another account's order; exceeds_invoice says what is left; both change nothing", async () => {
    const { order } = await createInvoicedOrder(ctx.db, { accountId, totalPaise: 30000n });
    const refundId = await insertSucceededRefund(ctx.db, { accountId, orderId: order.id, amountPaise: 30001n });
    const [before] = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from credit_notes`));
    const base = { refundId, reason: "Refund", issuedAt: new Date("2027-02-03T10:00:00Z") };
    expect(await issue({ ...base, accountId: otherAccountId, orderId: order.id, amountPaise: 100n })).toEqual({ outcome: "no_invoice" });
    expect(await issue({ ...base, accountId, orderId: "cm_0000000000000000", amountPaise: 100n })).toEqual({ outcome: "no_invoice" });
    expect(await issue({ ...base, accountId, orderId: order.id, amountPaise: 30001n })).toEqual({ outcome: "exceeds_invoice", remainingPaise: 30000n });
    const [after] = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from credit_notes`));
    expect(after!.n).toBe(before!.n);
  });

  it("the s.34(2) warning of an order's invoice: near, past, none, and none for another account", async () => {
    const { order } = await createInvoicedOrder(ctx.db, { accountId, totalPaise: 10000n, issuedAt: new Date("2026-11-23T06:00:00Z") });
    const at = (now: string, account = accountId) => creditNoteDeadlineOfOrder(ctx.db, { accountId: account, orderId: order.id, now: new Date(now) });
    expect(await at("2027-06-01T00:00:00Z")).toBeNull();
    expect(await at("2027-11-20T00:00:00Z")).toMatchObject({ level: "near", lastDayIst: "30 Nov 2027", daysLeft: 11 });
    expect(await at("2027-12-01T00:00:00Z")).toMatchObject({ level: "past", lastDayIst: "30 Nov 2027" });
    expect(await at("2027-12-01T00:00:00Z", otherAccountId)).toBeNull();
  });
});
