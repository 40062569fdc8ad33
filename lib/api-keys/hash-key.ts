import { createHash, randomBytes } from "node:crypto";

/** API keys are 32 random bytes after `cm_`; only a SHA-256 hash and a short prefix are stored. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `cm_${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, 10), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export const API_KEY_PATTERN = /^cm_[A-Za-z0-9_-]{20,100}$/;
