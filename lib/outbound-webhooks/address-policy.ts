import net from "node:net";

/**
 * Which resolved addresses a webhook may be sent to. Deny by default for everything that is not public unicast:
 * private, loopback, link-local (incl. cloud metadata 169.254.169.254), CGNAT, multicast, reserved, "this
 * network" (0.0.0.0/8), documentation and benchmarking ranges; for IPv6 only global unicast 2000::/3 is allowed
 * (minus documentation, Teredo and 6to4), and IPv4-mapped / NAT64 addresses are judged by their IPv4 part.
 * The single exception is 127.0.0.1 when loopback delivery is explicitly allowed (tests, local emulator).
 */
const V4_BLOCKED: Array<[string, number]> = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];

export const LOOPBACK_ALLOWED_ADDRESS = "127.0.0.1";

/**
 * The only ports a webhook may be sent to: HTTPS's own and its common alternative. Any other port (a database,
 * an admin console, an internal service on a public address) is refused; the loopback test exception may use any port.
 */
export const ALLOWED_WEBHOOK_PORTS: readonly number[] = [443, 8443];

/** `port` is the URL's effective port (443 when an https URL names none). */
export function judgePort(port: number, options: { loopbackException: boolean }): AddressVerdict {
  if (options.loopbackException || ALLOWED_WEBHOOK_PORTS.includes(port)) return { allowed: true };
  return { allowed: false, reason: `port ${port} is not allowed; use ${ALLOWED_WEBHOOK_PORTS.join(" or ")}` };
}

function v4ToInt(ip: string): number {
  return ip.split(".").reduce((acc, octet) => (acc << 8) + Number(octet), 0) >>> 0;
}

function inV4(ip: string, base: string, bits: number): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((v4ToInt(ip) & mask) >>> 0) === ((v4ToInt(base) & mask) >>> 0);
}

/** 16 bytes of an IPv6 address (net.isIPv6 must hold). */
function v6Bytes(ip: string): number[] {
  let address = ip.toLowerCase();
  const zone = address.indexOf("%");
  if (zone >= 0) address = address.slice(0, zone);
  let tail: number[] = [];
  const lastColon = address.lastIndexOf(":");
  const maybeV4 = address.slice(lastColon + 1);
  if (net.isIPv4(maybeV4)) {
    tail = maybeV4.split(".").map(Number);
    address = `${address.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = address.split("::") as [string, string | undefined];
  const headGroups = head ? head.split(":") : [];
  const restGroups = rest !== undefined && rest !== "" ? rest.split(":") : [];
  const missing = 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array<string>(rest !== undefined ? missing : 0).fill("0"), ...restGroups].map((g) => parseInt(g || "0", 16));
  const bytes = groups.flatMap((g) => [(g >> 8) & 0xff, g & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

export interface AddressVerdict {
  allowed: boolean;
  reason?: string;
}

function judgeV4(ip: string, allowLoopback: boolean): AddressVerdict {
  if (allowLoopback && ip === LOOPBACK_ALLOWED_ADDRESS) return { allowed: true };
  for (const [base, bits] of V4_BLOCKED) {
    if (inV4(ip, base, bits)) return { allowed: false, reason: `${ip} is in the non-public range ${base}/${bits}` };
  }
  return { allowed: true };
}

export function judgeAddress(ip: string, options: { allowLoopback: boolean }): AddressVerdict {
  const family = net.isIP(ip);
  if (family === 4) return judgeV4(ip, options.allowLoopback);
  if (family !== 6) return { allowed: false, reason: `${ip} is not an IP address` };
  const b = v6Bytes(ip);
  const isZero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-compatible ::a.b.c.d: judge the IPv4 (never via the loopback exception).
  if (isZero(0, 10) && ((b[10] === 0xff && b[11] === 0xff) || (b[10] === 0 && b[11] === 0))) {
    const v4 = b.slice(12).join(".");
    if (isZero(0, 16) || (isZero(0, 15) && b[15] === 1)) return { allowed: false, reason: `${ip} is unspecified or loopback` };
    const verdict = judgeV4(v4, false);
    return verdict.allowed ? { allowed: false, reason: `${ip} is an IPv4-mapped address; use the IPv4 address` } : verdict;
  }
  // NAT64 64:ff9b::/96 and 64:ff9b:1::/48 embed IPv4 (and are never needed for webhooks).
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) return { allowed: false, reason: `${ip} is a NAT64 address` };
  if ((b[0]! & 0xe0) !== 0x20) return { allowed: false, reason: `${ip} is not global unicast IPv6` };
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8) return { allowed: false, reason: `${ip} is a documentation address` };
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x00 && b[3] === 0x00) return { allowed: false, reason: `${ip} is a Teredo address` };
  if (b[0] === 0x20 && b[1] === 0x02) return { allowed: false, reason: `${ip} is a 6to4 address` };
  return { allowed: true };
}
