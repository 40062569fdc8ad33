import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getEnv } from "@/lib/config/env";

/**
 * Webhook signing secrets are stored encrypted: AES-256-GCM under a key derived from AUTH_SECRET with HKDF-SHA256
 * (a separate info label, so the session-signing use of AUTH_SECRET and this one never share key material).
 * Format: `v1.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
const INFO = "khata/outbound-webhook-secrets/v1";
const SALT = "khata-webhook-secret-box";

function keyFor(authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(authSecret, "utf8"), Buffer.from(SALT), Buffer.from(INFO), 32));
}

export function encryptSecret(plaintext: string, authSecret = getEnv().AUTH_SECRET): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(authSecret), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function decryptSecret(sealed: string, authSecret = getEnv().AUTH_SECRET): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || ciphertext === undefined) throw new Error("unrecognised sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(authSecret), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

/** A new signing secret: `whsec_` + 32 random bytes. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}
