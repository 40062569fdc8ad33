/**
 * Invoice PDFs are rendered once and stored: issuing queues one render job, the job stores one rendering with its
 * SHA-256, downloads serve the stored bytes (ETag, immutable caching, 304) without rendering again, racing renders
 * store one, another account gets a 404, and a render job that keeps failing ends failed while downloads still work.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { documentRenderings, invoices } from "@/lib/db/schema";
import { sha256Hex } from "@/lib/documents/store-rendering";
import { listFailedJobs } from "@/lib/jobs/list-failed-jobs";
import { settleOrder } from "@/lib/orders/settle-order";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createBillingProfile } from "@/lib/testing/factories";
import { insertOrder } from "@/lib/testing/orders";
import { startTestMailSink } from "@/lib/testing/mail-sink";
import { RENDER_YIELD_BACKLOG, RENDER_YIELD_MS } from "@/lib/jobs/tasks/render-invoice-pdf";
import { drainJobs, makeJobsDue, queuedJobs } from "@/lib/testing/run-jobs";
import { getInvoicePdf } from "./get-invoice-pdf";
import { enqueueInvoiceRender, RENDER_JOB_MAX_ATTEMPTS, RENDER_JOB_PRIORITY, renderJobKey } from "./render-jobs";

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

/** The real renderer, counted; it can be broken, or held at a gate (and then marks its bytes with the call number). */
const renderer = vi.hoisted(() => ({ calls: 0, broken: false, gate: null as null | (() => Promise<void>) }));
vi.mock("./pdf/render-invoice-pdf", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./pdf/render-invoice-pdf")>();
  return {
    ...actual,
    renderInvoicePdf: async (view: Parameters<typeof actual.renderInvoicePdf>[0]) => {
      const call = ++renderer.calls;
      if (renderer.broken) throw new Error("renderer crashed");
      const bytes = await actual.renderInvoicePdf(view);
      if (!renderer.gate) return bytes;
      await renderer.gate();
      return Buffer.concat([bytes, Buffer.from(`%render ${call}\n`)]);
    },
  };
});

const { GET: pdfRoute } = await import("@/app/api/v1/invoices/[invoice_number]/pdf/route");

/** Resolves for everyone once `n` callers have arrived: both renders are under way before either stores. */
function barrier(n: number) {
  let arrived = 0;
  let open!: () => void;
  const all = new Promise<void>((resolve) => (open = resolve));
  return async () => {
    if (++arrived === n) open();
    await all;
  };
}

async function download(invoiceNumber: string, headers: Record<string, string> = {}) {
  const request = new Request(`http://localhost:3000/api/v1/invoices/${invoiceNumber}/pdf`, { headers });
  const response = await pdfRoute(request, { params: Promise.resolve({ invoice_number: invoiceNumber }) } as never);
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

describeWithDatabase("invoice PDFs rendered once and stored", (ctx) => {
  // The render job then mails the invoice (lib/notifications): a sink takes it, so the queue ends empty.
  let sink: Awaited<ReturnType<typeof startTestMailSink>>;
  beforeAll(async () => {
    sink = await startTestMailSink();
  });
  afterAll(async () => {
    await sink.stop();
  });
  async function issue(options: { keepRenderJob?: boolean } = {}) {
    const { accountId, ownerId } = await createAccount(ctx.db);
    await createBillingProfile(ctx.db, accountId);
    const order = await insertOrder(ctx.db, { accountId, credits: 5000n });
    const settled = await settleOrder(ctx.db, { orderId: order.id, payment: { cfPaymentId: `pay_${order.id}`, status: "SUCCESS", amount: 5000, currency: "INR" } });
    const [invoice] = await ctx.db.select({ id: invoices.id }).from(invoices).where(eq(invoices.orderId, order.id));
    // Without its job the invoice is like one issued before renderings existed.
    if (!options.keepRenderJob) await ctx.db.execute(sql`delete from graphile_worker._private_jobs`);
    return { accountId, ownerId, invoiceId: invoice!.id, invoiceNumber: settled.invoiceNumber! };
  }
  const renderings = (invoiceId: string) =>
    ctx.db.select().from(documentRenderings).where(and(eq(documentRenderings.kind, "invoice"), eq(documentRenderings.documentId, invoiceId)));

  beforeEach(async () => {
    session.db = ctx.db as Db;
    session.userId = null;
    Object.assign(renderer, { calls: 0, broken: false, gate: null });
    await ctx.db.execute(sql`delete from graphile_worker._private_jobs`);
  });

  it("issuing queues one render job (its settlement batch's); the job stores one rendering with its SHA-256, once", async () => {
    const { invoiceId, accountId } = await issue({ keepRenderJob: true });
    const renderJobs = (await queuedJobs(ctx.db)).filter((j) => j.task_identifier.startsWith("render-invoice-pdf"));
    expect(renderJobs).toEqual([
      expect.objectContaining({ task_identifier: "render-invoice-pdfs", key: null, payload: { invoiceIds: [invoiceId] }, max_attempts: RENDER_JOB_MAX_ATTEMPTS, attempts: 0, priority: RENDER_JOB_PRIORITY }),
    ]);
    expect(await renderings(invoiceId)).toEqual([]);

    await drainJobs(ctx);
    expect(renderer.calls).toBe(1);
    const [stored, ...more] = await renderings(invoiceId);
    expect(more).toEqual([]);
    expect(stored).toMatchObject({ accountId, contentType: "application/pdf" });
    expect(stored!.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(stored!.sha256).toBe(sha256Hex(stored!.bytes));
    expect(await queuedJobs(ctx.db)).toEqual([]);

    // The job again (a duplicate, or a backfill) finds the rendering and leaves it.
    await ctx.db.transaction((tx) => enqueueInvoiceRender(tx, invoiceId));
    await drainJobs(ctx);
    expect(renderer.calls).toBe(1);
    expect(await renderings(invoiceId)).toEqual([stored]);
  });

  it("a batch render yields while settlement is behind: its invoices are queued again for later, then rendered", async () => {
    const { invoiceId } = await issue({ keepRenderJob: true });
    await ctx.db.execute(sql`
      insert into webhook_events (event_key, event_type, payload)
      select 'backlog-' || g || '-' || ${invoiceId}::text, 'PAYMENT_SUCCESS_WEBHOOK', '{}'::jsonb from generate_series(1, ${RENDER_YIELD_BACKLOG}::int) g`);
    try {
      const before = Date.now();
      await drainJobs(ctx, { tasks: { "settle-webhook-events": async () => {} } });
      expect(renderer.calls).toBe(0);
      const [again, ...more] = (await queuedJobs(ctx.db)).filter((j) => j.task_identifier === "render-invoice-pdfs");
      expect(more).toEqual([]);
      expect(again).toMatchObject({ payload: { invoiceIds: [invoiceId] }, attempts: 0 });
      expect(again!.run_at.getTime()).toBeGreaterThanOrEqual(before + RENDER_YIELD_MS - 1_000);
      // One event fewer than the threshold: the render goes ahead.
      await ctx.db.execute(sql`delete from webhook_events where id = (select min(id) from webhook_events where event_key like ${"backlog-%-" + invoiceId})`);
      expect(await makeJobsDue(ctx.db)).toBe(1);
      await drainJobs(ctx, { tasks: { "settle-webhook-events": async () => {} } });
      expect(renderer.calls).toBe(1);
      expect(await renderings(invoiceId)).toHaveLength(1);
    } finally {
      await ctx.db.execute(sql`delete from webhook_events where event_key like ${"backlog-%-" + invoiceId}`);
    }
  });

  it("downloads serve the stored bytes with an ETag and immutable caching, without rendering; If-None-Match → 304", async () => {
    const { invoiceId, invoiceNumber, ownerId } = await issue({ keepRenderJob: true });
    await drainJobs(ctx);
    const [stored] = await renderings(invoiceId);
    renderer.calls = 0;

    session.userId = ownerId;
    for (let i = 0; i < 2; i++) {
      const got = await download(invoiceNumber);
      expect(got.status).toBe(200);
      expect(Buffer.compare(got.bytes, stored!.bytes)).toBe(0);
      expect(Object.fromEntries(got.headers)).toMatchObject({
        etag: `"${stored!.sha256}"`,
        "cache-control": "private, max-age=31536000, immutable",
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="${invoiceNumber}.pdf"`,
        "content-length": String(stored!.bytes.length),
      });
    }
    for (const ifNoneMatch of [`"${stored!.sha256}"`, `W/"${stored!.sha256}"`, `"${"0".repeat(64)}", "${stored!.sha256}"`, "*"]) {
      const cached = await download(invoiceNumber, { "if-none-match": ifNoneMatch });
      expect(cached.status).toBe(304);
      expect(cached.bytes.length).toBe(0);
      expect(cached.headers.get("etag")).toBe(`"${stored!.sha256}"`);
      expect(cached.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    }
    const stale = await download(invoiceNumber, { "if-none-match": `"${"0".repeat(64)}"` });
    expect(stale.status).toBe(200);
    expect(Buffer.compare(stale.bytes, stored!.bytes)).toBe(0);
    expect(renderer.calls).toBe(0);
  });

  it("another account's invoice is a 404 and is not rendered for them", async () => {
    const { invoiceId, invoiceNumber } = await issue();
    const stranger = await createAccount(ctx.db);
    session.userId = stranger.ownerId;
    const got = await download(invoiceNumber);
    expect(got.status).toBe(404);
    expect(JSON.parse(got.bytes.toString())).toMatchObject({ error: { code: "not_found" } });
    expect(await download(invoiceNumber, { "if-none-match": "*" })).toMatchObject({ status: 404 });
    await expect(getInvoicePdf(ctx.db, { accountId: stranger.accountId, invoiceNumber })).rejects.toMatchObject({ code: "not_found" });
    expect(renderer.calls).toBe(0);
    expect(await renderings(invoiceId)).toEqual([]);
  });

  it("an invoice without a rendering is rendered on the first download, once; racing renders store one and both serve it", async () => {
    const { invoiceId, invoiceNumber, accountId } = await issue();
    renderer.gate = barrier(2);
    const [a, b] = await Promise.all([getInvoicePdf(ctx.db, { accountId, invoiceNumber }), getInvoicePdf(ctx.db, { accountId, invoiceNumber })]);
    expect(renderer.calls).toBe(2);
    const rows = await renderings(invoiceId);
    expect(rows).toHaveLength(1);
    const stored = rows[0]!;
    for (const got of [a, b]) {
      expect(got).toMatchObject({ notModified: false, sha256: stored.sha256, filename: `${invoiceNumber}.pdf` });
      expect(got.notModified === false && Buffer.compare(got.bytes, stored.bytes)).toBe(0);
    }
    // The two renders differed (the gate marks each); the stored one is the winner's.
    expect(stored.bytes.toString("latin1")).toMatch(/%render [12]\n$/);

    renderer.gate = null;
    const again = await getInvoicePdf(ctx.db, { accountId, invoiceNumber });
    expect(again).toMatchObject({ notModified: false, sha256: stored.sha256 });
    expect(renderer.calls).toBe(2);
  });

  it("a render that keeps failing leaves its batch, gets its own job, ends failed on /operator/jobs; the download still renders on demand", async () => {
    const { invoiceId, invoiceNumber, ownerId } = await issue({ keepRenderJob: true });
    renderer.broken = true;
    // The batch's render fails: the batch job completes, and the invoice's own job (attempt 1 at once) fails too.
    await drainJobs(ctx);
    expect(renderer.calls).toBe(2);
    for (let attempt = 1; attempt < RENDER_JOB_MAX_ATTEMPTS; attempt++) {
      expect(await makeJobsDue(ctx.db)).toBe(1);
      await drainJobs(ctx);
    }
    expect(renderer.calls).toBe(1 + RENDER_JOB_MAX_ATTEMPTS);
    expect(await listFailedJobs(ctx.db)).toEqual([
      expect.objectContaining({ task: "render-invoice-pdf", key: renderJobKey(invoiceId), attempts: RENDER_JOB_MAX_ATTEMPTS, last_error: expect.stringContaining("renderer crashed") }),
    ]);
    expect(await renderings(invoiceId)).toEqual([]);

    renderer.broken = false;
    session.userId = ownerId;
    const got = await download(invoiceNumber);
    expect(got.status).toBe(200);
    const [stored] = await renderings(invoiceId);
    expect(got.headers.get("etag")).toBe(`"${stored!.sha256}"`);
    expect(Buffer.compare(got.bytes, stored!.bytes)).toBe(0);
    expect(renderer.calls).toBe(RENDER_JOB_MAX_ATTEMPTS + 2);
  });
});
