import type { ApiKey } from "./api-key";

/** What the API shows about a key: never the hash, never the secret (that is shown once, on create/regenerate). */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  kind: "service" | "personal";
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  status: "active" | "revoked";
}

export function toApiKeyView(row: ApiKey): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    kind: row.kind,
    created_at: row.createdAt,
    last_used_at: row.lastUsedAt,
    revoked_at: row.revokedAt,
    status: row.revokedAt ? "revoked" : "active",
  };
}
