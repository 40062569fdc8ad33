import { isIP } from "node:net";

/**
 * The caller's IP for per-IP limits, or null when it is not known.
 *
 * `next start` gives route handlers no socket address: when a client sends no X-Forwarded-For, Next fills it in from
 * the socket, but a client that sends one keeps its own value — so the header cannot be told apart from a lie unless
 * a proxy we trust wrote it. With `trustedProxyCount` = 0 the header is ignored and the answer is null: every caller
 * then shares one "direct" budget. With N trusted proxies, each appending the address it saw, the client is the Nth
 * entry from the right; anything left of it was written by the client and is ignored.
 */
export function clientIp(headers: Headers, trustedProxyCount: number): string | null {
  if (trustedProxyCount < 1) return null;
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // Fewer entries than trusted proxies: the request did not come through them all (a misconfiguration).
  if (entries.length < trustedProxyCount) return null;
  const candidate = stripPort(entries[entries.length - trustedProxyCount]!);
  return isIP(candidate) ? candidate.toLowerCase() : null;
}

/** The key a per-IP bucket is filed under: the IP, or `direct` when it is not known. */
export const clientKeyOf = (ip: string | null): string => ip ?? "direct";

function stripPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4WithPort ? v4WithPort[1]! : entry;
}
