/**
 * Reading credit notes: the render job stores one PDF (kind credit_note) and downloads serve it (ETag, 304);
 * GET /api/v1/credit-notes pages by offset and cursor over the account's notes only; one note by number with its
 * snapshot and original invoice; another account's note is a 404 everywhere and is never rendered for them.
 */
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { documentRenderings } from "@/lib/db/schema";
import { rowsOf } from "@/lib/db/rows";
import { sha256Hex } from "@/lib/documents/store-rendering";
import { encodeCursor } from "@/lib/pagination/cursor";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { createInvoicedOrder, insertSucceededRefund } from "@/lib/testing/invoices";
import { drainJobs, queuedJobs } from "@/lib/testing/run-jobs";
import { issueCreditNote } from "./issue-credit-note";

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

const { GET: listRoute } = await import("@/app/api/v1/credit-notes/route");
const { GET: detailRoute } = await import("@/app/api/v1/credit-notes/[credit_note_number]/route");
const { GET: pdfRoute } = await import("@/app/api/v1/credit-notes/[credit_note_number]/pdf/route");

async function call(route: typeof listRoute, url: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const response = await route(new Request(`http://localhost:3000${url}`, { headers }), { params: Promise.resolve(params) } as never);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, json: () => JSON.parse(bytes.toString()) as Record<string, unknown> };
}

describeWithDatabase("credit notes: list, detail and stored PDF", (ctx) => {
  let owner: { accountId: string; ownerId: string };
  let stranger: { accountId: string; ownerId: string };
  const numbers: string[] = []; // ours, in issue order
  let firstId = "";
  let invoiceNumber = "";

  beforeAll(async () => {
    owner = await createAccount(ctx.db);
    stranger = await createAccount(ctx.db);
    const { order, invoice } = await createInvoicedOrder(ctx.db, { accountId: owner.accountId, totalPaise: 100000n });
    invoiceNumber = invoice.invoiceNumber;
    const theirs = await createInvoicedOrder(ctx.db, { accountId: stranger.accountId, totalPaise: 100000n });
    for (let i = 0; i < 7; i++) {
      const mine = i !== 3;
      const target = mine ? { accountId: owner.accountId, orderId: order.id } : { accountId: stranger.accountId, orderId: theirs.order.id };
      const refundId = await insertSucceededRefund(ctx.db, { ...target, amountPaise: 1000n });
      // Two notes share each instant: the number breaks the tie.
      const issuedAt = new Date(Date.parse("2026-12-01T10:00:00Z") + Math.floor(i / 2) * 3_600_000);
      const r = await ctx.db.transaction((tx) => issueCreditNote(tx, { ...target, refundId, amountPaise: 1000n, reason: `Refund ${i}`, issuedAt }));
      if (r.outcome !== "issued") throw new Error(r.outcome);
      if (mine) numbers.push(r.creditNoteNumber);
      if (i === 0) firstId = r.creditNoteId;
    }
  });

  beforeEach(() => {
    session.db = ctx.db as Db;
    session.userId = owner.ownerId;
  });

  const renderings = (id: string) =>
    ctx.db.select().from(documentRenderings).where(and(eq(documentRenderings.kind, "credit_note"), eq(documentRenderings.documentId, id)));

  it("the render job stores one PDF; downloads serve it with an ETag, If-None-Match → 304", async () => {
    expect((await queuedJobs(ctx.db)).filter((j) => j.task_identifier === "render-credit-note-pdf")).toHaveLength(7);
    await drainJobs(ctx);
    const [stored, ...more] = await renderings(firstId);
    expect(more).toEqual([]);
    expect(stored).toMatchObject({ accountId: owner.accountId, contentType: "application/pdf" });
    expect(stored!.sha256).toBe(sha256Hex(stored!.bytes));

    const number = numbers[0]!;
    const got = await call(pdfRoute, `/api/v1/credit-notes/${number}/pdf`, { credit_note_number: number });
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.bytes, stored!.bytes)).toBe(0);
    expect(got.headers.get("content-disposition")).toBe(`attachment; filename="${number}.pdf"`);
    const cached = await call(pdfRoute, `/api/v1/credit-notes/${number}/pdf`, { credit_note_number: number }, { "if-none-match": `"${stored!.sha256}"` });
    expect(cached.status).toBe(304);
    expect(await renderings(firstId)).toEqual([stored]);
  });

  it("GET /api/v1/credit-notes: the account's notes newest first, by offset and by cursor, each once", async () => {
    const want = [...numbers].reverse();
    const first = await call(listRoute, "/api/v1/credit-notes?limit=4");
    expect(first.status).toBe(200);
    const page = first.json() as { credit_notes: { credit_note_number: string; invoice_number: string }[]; total: number; next_cursor: string | null };
    expect(page.total).toBe(6);
    expect(page.credit_notes.map((n) => n.credit_note_number)).toEqual(want.slice(0, 4));
    expect(page.credit_notes[0]).toMatchObject({ invoice_number: invoiceNumber, total_paise: 1000, currency: "INR" });
    const rest = (await call(listRoute, `/api/v1/credit-notes?limit=4&cursor=${page.next_cursor}`)).json() as typeof page;
    expect(rest.credit_notes.map((n) => n.credit_note_number)).toEqual(want.slice(4));
    expect(rest.next_cursor).toBeNull();
    const byOffset = (await call(listRoute, "/api/v1/credit-notes?limit=4&offset=4")).json() as typeof page;
    expect(byOffset.credit_notes.map((n) => n.credit_note_number)).toEqual(want.slice(4));
  });

  it("a cursor from another list, or offset with cursor, is a 400 naming the parameter", async () => {
    const invoicesCursor = encodeCursor({ e: "invoices", s: "issued_at", o: "desc", k: ["2026-12-01T10:00:00.000000Z", "2627", 1] });
    for (const query of ["cursor=not-a-cursor", `cursor=${invoicesCursor}`]) {
      const bad = await call(listRoute, `/api/v1/credit-notes?${query}`);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.json())).toContain("cursor");
    }
    const first = (await call(listRoute, "/api/v1/credit-notes?limit=2")).json() as { next_cursor: string };
    const both = await call(listRoute, `/api/v1/credit-notes?offset=2&cursor=${first.next_cursor}`);
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.json())).toContain("offset");
  });

  it("GET /api/v1/credit-notes/:number: the note, its original invoice and snapshot", async () => {
    const number = numbers[1]!;
    const got = await call(detailRoute, `/api/v1/credit-notes/${number}`, { credit_note_number: number });
    expect(got.status).toBe(200);
    expect(got.json()).toMatchObject({
      credit_note_number: number,
      invoice_number: invoiceNumber,
      reason: "Refund 1",
      total_paise: 1000,
      snapshot: { title: "CREDIT NOTE", creditNoteNumber: number, originalInvoice: { invoiceNumber } },
    });
  });

  it("another account's note is a 404 on detail and PDF, never rendered for them, and not in their list", async () => {
    const [theirNote] = rowsOf<{ credit_note_number: string }>(
      await ctx.db.execute(sql`select credit_note_number from credit_notes where account_id = ${stranger.accountId}`),
    );
    await ctx.db.delete(documentRenderings).where(eq(documentRenderings.kind, "credit_note"));
    const mine = numbers[2]!;
    session.userId = stranger.ownerId;
    expect((await call(detailRoute, `/api/v1/credit-notes/${mine}`, { credit_note_number: mine })).status).toBe(404);
    const pdf = await call(pdfRoute, `/api/v1/credit-notes/${mine}/pdf`, { credit_note_number: mine });
    expect(pdf.status).toBe(404);
    expect(pdf.json()).toMatchObject({ error: { code: "not_found" } });
    const list = (await call(listRoute, "/api/v1/credit-notes")).json() as { credit_notes: { credit_note_number: string }[] };
    expect(list.credit_notes.map((n) => n.credit_note_number)).toEqual([theirNote!.credit_note_number]);
    expect(await ctx.db.select().from(documentRenderings).where(eq(documentRenderings.kind, "credit_note"))).toEqual([]);
  });
});
