import type { Task } from "graphile-worker";
import { AppError } from "@/lib/errors";
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
    const { invoiceId } = payload as { invoiceId: string };
    try {
      await ensureInvoiceRendering(deps.db, invoiceId);
    } catch (error) {
      // The invoice went with its account: nothing to render, nothing to retry.
      if (error instanceof AppError && error.code === "not_found") return log.info("render job for a vanished invoice skipped", { invoiceId });
      throw error;
    }
    // Mailed once the PDF it attaches is stored (once per invoice: the dedupe key).
    await notifyInvoiceIssued(deps.db, invoiceId);
  };
