import { createHash } from "node:crypto";
import { CashfreeApiError, type CashfreeDispute, type DisputeEvidenceDocument } from "@/lib/cashfree";
import { conflict } from "@/lib/errors";
import { providerError, type DisputeDeps } from "./accept-dispute";
import { answerableDispute, recordResponse } from "./record-response";
import type { ContestDisputeInput } from "./schemas";

/**
 * An operator contests a dispute with evidence: each document goes to Cashfree's Submit Evidence API with the
 * statement as its note (Cashfree takes documents only, so a statement without documents is sent as a text
 * file). Each document's idempotency key is derived from the dispute and its bytes, so a retried contest never
 * uploads a document twice. Then the answer, the evidence list, who and when are recorded on the dispute.
 */
export async function contestDispute(deps: DisputeDeps, input: { disputeId: string; userId: string; contest: ContestDisputeInput }) {
  const row = await answerableDispute(deps.db, input.disputeId);
  const { text } = input.contest;
  const documents: DisputeEvidenceDocument[] = input.contest.documents.map((d) => ({
    fileName: d.file_name,
    contentType: d.content_type,
    content: Buffer.from(d.content_base64, "base64"),
    docType: d.doc_type,
    note: text,
  }));
  if (documents.length === 0) {
    documents.push({ fileName: "statement.txt", contentType: "text/plain", content: Buffer.from(text, "utf8"), docType: "Explanation", note: text.slice(0, 500) });
  }
  let last: CashfreeDispute | null = null;
  const sent: { file_name: string; doc_type: string; size_bytes: number; sha256: string }[] = [];
  for (const document of documents) {
    const digest = createHash("sha256").update(document.content).digest("hex");
    try {
      last = await deps.cashfree.submitDisputeEvidence(row.cfDisputeId, document, { idempotencyKey: `dispute-evidence:${row.id}:${digest}` });
    } catch (error) {
      if (error instanceof CashfreeApiError && error.status < 500) {
        throw conflict("conflict", `Cashfree refused the evidence "${document.fileName}": ${error.message}`, { sent: sent.map((s) => s.file_name) });
      }
      throw providerError(error);
    }
    sent.push({ file_name: document.fileName, doc_type: document.docType, size_bytes: document.content.length, sha256: digest });
  }
  return recordResponse(deps.db, row.id, {
    response: "contested",
    userId: input.userId,
    cfStatus: last!.dispute_status,
    evidence: { text, documents: sent },
    now: deps.now ? deps.now() : new Date(),
  });
}
