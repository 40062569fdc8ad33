import { createHash, randomBytes } from "node:crypto";

/** SHA-256 (hex) of a link token: only this is stored, so a database leak yields no working link. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A fresh unguessable link token (256 bits, base64url) and the hash to store for it. */
export function newOneTimeToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

/** Tokens are 43 base64url characters; anything else is refused before touching the database. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
