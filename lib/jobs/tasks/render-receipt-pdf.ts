import type { Task } from "graphile-worker";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { ensureReceiptRendering } from "@/lib/offline-payments/ensure-receipt-rendering";
import type { JobDeps } from "../job-deps";

/** Renders an offline payment's receipt PDF once and stores it (queued at recording); idempotent, retried on failure. */
export const renderReceiptPdfTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { offlinePaymentId } = payload as { offlinePaymentId: string };
    try {
      await ensureReceiptRendering(deps.db, offlinePaymentId);
    } catch (error) {
      if (error instanceof AppError && error.code === "not_found") return log.info("render job for a vanished receipt skipped", { offlinePaymentId });
      throw error;
    }
  };
