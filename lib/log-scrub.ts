import { stdSerializers } from "pino";

/**
 * The value-level safety net under pino's `redact` paths: secret-named keys at any depth are censored, and
 * secrets that leak into strings (an error message quoting a header, a URL with a password) are cut out.
 */
export const REDACTED = "[Redacted]";

/** pino `redact` paths: the usual places a secret sits in a logged object (the deep walk below catches the rest). */
export const REDACT_PATHS = [
  "password",
  "*.password",
  "secret",
  "*.secret",
  "clientSecret",
  "*.clientSecret",
  "apiKey",
  "*.apiKey",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "cookie",
  "*.cookie",
  'headers["x-client-secret"]',
  'headers["x-api-key"]',
  'headers["set-cookie"]',
  'headers["authorization"]',
  'headers["cookie"]',
  '*.headers["x-client-secret"]',
  '*.headers["x-api-key"]',
  '*.headers["set-cookie"]',
  '*.headers["authorization"]',
  '*.headers["cookie"]',
];

// Compared after lower-casing and dropping "-" and "_": `x-client-secret`, `clientSecret`, `CLIENT_SECRET` are one.
const SECRET_KEYS = new Set([
  "authorization",
  "proxyauthorization",
  "cookie",
  "setcookie",
  "apikey",
  "xapikey",
  "token",
  "accesstoken",
  "refreshtoken",
  "idtoken",
  "sessiontoken",
  "privatekey",
]);

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, "");
  return SECRET_KEYS.has(k) || k.endsWith("secret") || k.endsWith("password") || k === "passwd";
}

const TEXT_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Khata API keys (lib/api-keys/hash-key.ts): `cm_` then 43 base64url characters.
  [/\bcm_[A-Za-z0-9_-]{20,}/g, `cm_${REDACTED}`],
  // Auth.js session and CSRF cookies, plain, __Secure-/__Host- prefixed or chunked (`.0`, `.1`).
  [/((?:__Secure-|__Host-)?(?:authjs|next-auth)\.(?:session|csrf)-token(?:\.\d+)?=)[^;,\s"']+/g, `$1${REDACTED}`],
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1${REDACTED}`],
  // JWTs and JWEs (session tokens outside a cookie header).
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9._-]+/g, REDACTED],
  // `password=…`, `"client_secret": "…"`, `?token=…`: a secret-named key followed by its value inside text.
  [
    /(\b(?:password|passwd|secret|client[_-]?secret|api[_-]?key|token|access[_-]?token)["']?\s*[:=]\s*)(?:"[^"]*"|'[^']*'|[^\s"'&;,]+)/gi,
    `$1${REDACTED}`,
  ],
  // Credentials in a URL: postgres://user:password@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${REDACTED}@`],
];

/** Configured secret values shorter than this are not searched for: they would censor ordinary words. */
const MIN_SECRET_LENGTH = 8;

export function scrubString(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const MAX_DEPTH = 10;

function scrubValue(value: unknown, secrets: readonly string[], depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return scrubString(value, secrets);
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Too deep]";
  seen.add(value);
  try {
    if (value instanceof Error) {
      // pino's own error serializer (type, message with causes, stack, code and other own fields), then scrubbed.
      const serialized = stdSerializers.err(value) as unknown as Record<string, unknown>;
      return scrubObject(Object.fromEntries(Object.entries(serialized)), secrets, depth, seen);
    }
    if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, depth + 1, seen));
    if (value instanceof Headers) return scrubObject(Object.fromEntries(value.entries()), secrets, depth, seen);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return scrubValue(toJSON.call(value), secrets, depth + 1, seen);
    return scrubObject(value as Record<string, unknown>, secrets, depth, seen);
  } finally {
    seen.delete(value);
  }
}

function scrubObject(obj: Record<string, unknown>, secrets: readonly string[], depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(obj)) {
    out[key] = isSecretKey(key) && field !== undefined && field !== null && typeof field !== "boolean" ? REDACTED : scrubValue(field, secrets, depth + 1, seen);
  }
  return out;
}

/** A log line's fields, scrubbed: never mutates the caller's objects. */
export function scrubFields(fields: Record<string, unknown>, secrets: readonly string[]): Record<string, unknown> {
  return scrubObject(fields, secrets, 0, new WeakSet());
}
