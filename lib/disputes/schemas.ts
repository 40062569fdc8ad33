import { z } from "zod";
import { intQueryParam } from "@/lib/validation/query-params";

export const disputeIdParamsSchema = z.strictObject({ dispute_id: z.string().regex(/^dsp_[0-9a-f]{24}$/, "must be a dispute id (dsp_…)") });

/** GET /api/v1/admin/disputes: `open=1` (default) lists disputes still open; `open=0` lists all. */
export const adminDisputesQuerySchema = z.strictObject({
  open: z.enum(["0", "1"], { error: "must be 0 or 1" }).default("1"),
  limit: intQueryParam(1, 100, 50),
  offset: intQueryParam(0, 1_000_000, 0),
});
export type AdminDisputesQuery = z.output<typeof adminDisputesQuerySchema>;

export const MAX_EVIDENCE_DOCUMENTS = 5;
/** Per document, decoded. */
export const MAX_EVIDENCE_DOCUMENT_BYTES = 4 * 1024 * 1024;
/** The contest body carries its documents base64-encoded (JSON, like every other route): 4/3 of the bytes, and some. */
export const CONTEST_MAX_BODY_BYTES = Math.ceil((MAX_EVIDENCE_DOCUMENTS * MAX_EVIDENCE_DOCUMENT_BYTES * 4) / 3) + 64 * 1024;

const documentSchema = z.strictObject({
  file_name: z.string().trim().min(1).max(200),
  content_type: z.enum(["application/pdf", "image/png", "image/jpeg", "text/plain"], { error: "must be a PDF, PNG, JPEG or plain text file" }),
  content_base64: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be base64")
    .refine((s) => Math.floor((s.length * 3) / 4) <= MAX_EVIDENCE_DOCUMENT_BYTES, { error: `must be at most ${MAX_EVIDENCE_DOCUMENT_BYTES} bytes` }),
  /** Cashfree's doc_type, e.g. DeliveryProof, Invoice, CustomerCommunication. */
  doc_type: z.string().trim().min(1).max(60).default("DeliveryProof"),
});

export const contestDisputeSchema = z.strictObject({
  /** The merchant's statement: sent to Cashfree as the note of each document (and as a document when none is attached). */
  text: z.string().trim().min(10, "must say why the charge was right (at least 10 characters)").max(5000),
  documents: z.array(documentSchema).max(MAX_EVIDENCE_DOCUMENTS).default([]),
});
export type ContestDisputeInput = z.output<typeof contestDisputeSchema>;
