import type { Task } from "graphile-worker";
import { z } from "zod";
import { isConnectionError } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { enqueueInvoiceRender, enqueueInvoiceRenders } from "@/lib/invoices/render-jobs";
import { settlementBehindBy } from "@/lib/orders/settlement-backlog";
import { ensureInvoiceRendering } from "@/lib/invoices/ensure-invoice-rendering";
import { log } from "@/lib/log";
import { notifyInvoiceIssued } from "@/lib/notifications/notify-documents";
import type { JobDeps } from "../job-deps";

/**
 * Renders an issued invoice's PDF once and stores it (queued by the issuing statement). Idempotent: an invoice
 * already rendered (by an earlier run or a download) is left as it is. A render that throws is retried by
 * graphile-worker and, out of attempts, shown on /operator/jobs; downloads render on demand meanwhile. Then
 * the invoice is mailed, PDF attached, to its billing email (lib/notifications/notify-documents.ts).
 */
export const renderInvoicePdfTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { invoiceId } = z.object({ invoiceId: z.string().min(1) }).parse(payload);
    await renderAndMail(deps, invoiceId);
  };

async function renderAndMail(deps: JobDeps, invoiceId: string): Promise<void> {
  try {
    await ensureInvoiceRendering(deps.db, invoiceId);
  } catch (error) {
    // The invoice went with its account: nothing to render, nothing to retry.
    if (error instanceof AppError && error.code === "not_found") return log.info("render job for a vanished invoice skipped", { invoiceId });
    throw error;
  }
  // Mailed once the PDF it attaches is stored (once per invoice: the dedupe key).
  await notifyInvoiceIssued(deps.db, invoiceId);
}

/**
 * Renders yield to settlement: while at least this many webhook events wait to be settled, a batch render puts
 * its remaining invoices back RENDER_YIELD_MS later instead of rendering. A PDF costs the worker's event loop
 * ~140 ms of CPU (docs/SCALING.md), a hundred times an event's settlement, and runs in the same process as the settlement lanes: rendering
 * through a backlog starved them (bench:scale-out, 14.6 ms of worker CPU per webhook at full speed). At a steady
 * rate the backlog stays far below this (a batch's worth), so renders still follow their invoices within seconds;
 * a download before the render renders on demand.
 */
export const RENDER_YIELD_BACKLOG = 100;
export const RENDER_YIELD_MS = 2_000;

/**
 * A settlement batch's invoices (enqueueInvoiceRenders), rendered and mailed one after another, each as the
 * per-invoice task would, unless settlement is behind (RENDER_YIELD_BACKLOG): then the rest are queued again for
 * later. One that fails gets its own `render-invoice-pdf` job (backoff, then failed on /operator/jobs) and the
 * rest go on; a lost connection throws, and graphile-worker retries the batch, whose rendered invoices are then
 * left as they are.
 */
export const renderInvoicePdfsTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { invoiceIds } = z.object({ invoiceIds: z.array(z.string().min(1)).max(10_000) }).parse(payload);
    for (const [i, invoiceId] of invoiceIds.entries()) {
      if (await settlementBehindBy(deps.db, RENDER_YIELD_BACKLOG)) {
        const runAt = new Date((deps.now ? deps.now() : new Date()).getTime() + RENDER_YIELD_MS);
        await enqueueInvoiceRenders(deps.db, invoiceIds.slice(i), { runAt });
        return log.info("invoice renders yield to a settlement backlog", { invoices: invoiceIds.length - i });
      }
      try {
        await renderAndMail(deps, invoiceId);
      } catch (error) {
        if (isConnectionError(error)) throw error;
        log.warn("invoice render failed in its batch; it gets its own render job", { invoiceId, error: String(error) });
        await enqueueInvoiceRender(deps.db, invoiceId);
      }
    }
  };
