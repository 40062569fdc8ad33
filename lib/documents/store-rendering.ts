import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { documentRenderings } from "@/lib/db/schema";

export type DocumentKind = (typeof documentRenderings.kind.enumValues)[number];

export interface StoredRendering {
  contentType: string;
  bytes: Buffer;
  /** Lowercase hex SHA-256 of the bytes. */
  sha256: string;
}

export const sha256Hex = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** The stored rendering of a document, if it has one. */
export async function findRendering(db: Executor, kind: DocumentKind, documentId: string): Promise<StoredRendering | null> {
  const [row] = await db
    .select({ contentType: documentRenderings.contentType, bytes: documentRenderings.bytes, sha256: documentRenderings.sha256 })
    .from(documentRenderings)
    .where(and(eq(documentRenderings.kind, kind), eq(documentRenderings.documentId, documentId)))
    .limit(1);
  return row ?? null;
}

/**
 * Stores a document's rendering unless it already has one, and returns THE stored one. Renderings are never
 * replaced: two renders racing (the job and an on-demand download) may produce different bytes (a PDF embeds its
 * creation time), the first to commit wins (`on conflict do nothing` waits for a concurrent insert of the same key
 * to end), and the loser serves the winner's bytes, so every download of a document is the same file.
 */
export async function storeRendering(
  db: Executor,
  input: { kind: DocumentKind; documentId: string; accountId: string; contentType: string; bytes: Buffer },
): Promise<StoredRendering> {
  const sha256 = sha256Hex(input.bytes);
  const inserted = await db
    .insert(documentRenderings)
    .values({ kind: input.kind, documentId: input.documentId, accountId: input.accountId, contentType: input.contentType, bytes: input.bytes, sha256 })
    .onConflictDoNothing()
    .returning({ sha256: documentRenderings.sha256 });
  if (inserted.length > 0) return { contentType: input.contentType, bytes: input.bytes, sha256 };
  const stored = await findRendering(db, input.kind, input.documentId);
  // Only an account's deletion removes renderings (with its documents), so a conflict always leaves one to read.
  if (!stored) throw new Error(`rendering of ${input.kind} ${input.documentId} conflicted but is not there`);
  return stored;
}
