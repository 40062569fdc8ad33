/** Strong ETag of a stored rendering: its SHA-256, quoted. */
export const etagOf = (sha256: string) => `"${sha256}"`;

/**
 * The SHA-256 values an `If-None-Match` header names (RFC 9110 §13.1.2: weak comparison, so `W/"…"` counts too;
 * a list names each member), or "*" (any current representation). Anything that is not one of our ETags is ignored.
 */
export function ifNoneMatchShas(header: string | null | undefined): string[] | "*" {
  if (!header) return [];
  if (header.trim() === "*") return "*";
  const shas: string[] = [];
  for (const tag of header.split(",")) {
    const m = /^(?:W\/)?"([0-9a-f]{64})"$/.exec(tag.trim());
    if (m) shas.push(m[1]!);
  }
  return shas;
}

/** Whether the header matches a rendering with this SHA-256 (→ 304 Not Modified). */
export function ifNoneMatchMatches(header: string | null | undefined, sha256: string): boolean {
  const shas = ifNoneMatchShas(header);
  return shas === "*" || shas.includes(sha256);
}
