import type { Task } from "graphile-worker";
import { ensureCreditNoteRendering } from "@/lib/credit-notes/ensure-credit-note-rendering";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { JobDeps } from "../job-deps";

/**
 * Renders an issued credit note's PDF once and stores it (queued by issueCreditNote). Idempotent: a note already
 * rendered is left as it is; a render that throws is retried and, out of attempts, shown on /operator/jobs.
 */
export const renderCreditNotePdfTask =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { creditNoteId } = payload as { creditNoteId: string };
    try {
      await ensureCreditNoteRendering(deps.db, creditNoteId);
    } catch (error) {
      // The note went with its account: nothing to render, nothing to retry.
      if (error instanceof AppError && error.code === "not_found") return log.info("render job for a vanished credit note skipped", { creditNoteId });
      throw error;
    }
  };
