import dns from "node:dns";
import net from "node:net";
import { getEnv } from "@/lib/config/env";
import { judgeAddress, judgePort, LOOPBACK_ALLOWED_ADDRESS } from "./address-policy";

/** A webhook URL or its resolved address is not allowed (SSRF guard). Never retried into success by itself. */
export class WebhookTargetRefused extends Error {
  constructor(readonly reason: string) {
    super(`Webhook target refused: ${reason}`);
    this.name = "WebhookTargetRefused";
  }
}

export interface TargetPolicy {
  allowLoopback: boolean;
}

export function defaultTargetPolicy(): TargetPolicy {
  return { allowLoopback: getEnv().OUTBOUND_WEBHOOKS_ALLOW_LOOPBACK };
}

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** The host exactly as the caller spelled it (the URL parser rewrites `0x7f000001`, `2130706433`, `127.1`…). */
function rawHostOf(raw: string): string {
  const afterScheme = raw.slice(raw.indexOf("//") + 2);
  const authority = afterScheme.split(/[/?#\\]/, 1)[0] ?? "";
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  if (hostPort.startsWith("[")) return hostPort.slice(0, hostPort.indexOf("]") + 1).toLowerCase();
  const colon = hostPort.lastIndexOf(":");
  return (colon >= 0 ? hostPort.slice(0, colon) : hostPort).toLowerCase();
}

export interface ParsedTarget {
  url: URL;
  /** The host to resolve, without IPv6 brackets. */
  hostname: string;
  /** 4 or 6 when the host is an IP literal (no DNS), else 0. */
  literalFamily: 0 | 4 | 6;
}

/**
 * Static checks on a webhook URL (at registration and again before every send): https only (http only to
 * 127.0.0.1 when loopback is allowed), port 443 or 8443 (any port on that loopback exception), no credentials, no non-canonical numeric host spellings, and an IP
 * literal host must pass the address policy. Names are checked on their resolved addresses by resolveTarget.
 */
export function parseWebhookTarget(raw: string, policy: TargetPolicy = defaultTargetPolicy()): ParsedTarget {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) throw new WebhookTargetRefused(`the URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetRefused("not a valid absolute URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new WebhookTargetRefused("the URL must use https");
  if (url.username || url.password) throw new WebhookTargetRefused("credentials in the URL are not allowed");
  const bracketed = url.hostname.startsWith("[");
  const hostname = bracketed ? url.hostname.slice(1, -1) : url.hostname;
  const literalFamily = net.isIP(hostname) as 0 | 4 | 6;
  if (literalFamily === 4 && rawHostOf(raw) !== hostname) {
    throw new WebhookTargetRefused(`the host ${rawHostOf(raw)} is a non-canonical spelling of ${hostname}`);
  }
  if (!literalFamily && (hostname === "localhost" || hostname.endsWith(".localhost") || !hostname.includes("."))) {
    throw new WebhookTargetRefused(`the host ${hostname} is not a public domain name`);
  }
  const loopbackException = policy.allowLoopback && hostname === LOOPBACK_ALLOWED_ADDRESS;
  if (url.protocol === "http:" && !loopbackException) throw new WebhookTargetRefused("the URL must use https");
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  const portVerdict = judgePort(port, { loopbackException });
  if (!portVerdict.allowed) throw new WebhookTargetRefused(portVerdict.reason ?? `port ${port} is not allowed`);
  if (literalFamily) {
    const verdict = judgeAddress(hostname, policy);
    if (!verdict.allowed) throw new WebhookTargetRefused(verdict.reason ?? `${hostname} is not allowed`);
  }
  return { url, hostname, literalFamily };
}

export type LookupAll = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemLookupAll: LookupAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export interface ResolvedTarget extends ParsedTarget {
  /** The checked address the request is pinned to (no second DNS lookup, so no rebinding). */
  address: string;
  family: 4 | 6;
}

/** Parses, resolves ALL addresses of the host, and refuses if ANY of them is not allowed. */
export async function resolveTarget(
  raw: string,
  policy: TargetPolicy = defaultTargetPolicy(),
  lookupAll: LookupAll = systemLookupAll,
): Promise<ResolvedTarget> {
  const parsed = parseWebhookTarget(raw, policy);
  if (parsed.literalFamily) return { ...parsed, address: parsed.hostname, family: parsed.literalFamily };
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = await lookupAll(parsed.hostname);
  } catch (error) {
    throw new Error(`DNS lookup for ${parsed.hostname} failed: ${(error as Error).message}`);
  }
  if (addresses.length === 0) throw new Error(`DNS lookup for ${parsed.hostname} returned no address`);
  for (const { address } of addresses) {
    const verdict = judgeAddress(address, policy);
    if (!verdict.allowed) throw new WebhookTargetRefused(`${parsed.hostname} resolves to ${address}: ${verdict.reason ?? "not allowed"}`);
  }
  const first = addresses[0]!;
  return { ...parsed, address: first.address, family: first.family === 6 ? 6 : 4 };
}
