import { describe, expect, it } from "vitest";
import { clientIp, clientKeyOf } from "./client-ip";

const h = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });

describe("client IP from X-Forwarded-For through trusted proxies", () => {
  it("with 0 trusted proxies ignores the header entirely (a client can write anything there)", () => {
    expect(clientIp(h("203.0.113.9"), 0)).toBeNull();
    expect(clientIp(h("1.1.1.1, 2.2.2.2"), 0)).toBeNull();
    expect(clientIp(h(), 0)).toBeNull();
    expect(clientKeyOf(clientIp(h("198.51.100.1"), 0))).toBe(clientKeyOf(clientIp(h("198.51.100.2"), 0)));
  });

  it("with N takes the Nth entry from the right, so entries a client prepends change nothing", () => {
    expect(clientIp(h("203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientIp(h("6.6.6.6, 203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientIp(h("6.6.6.6, 203.0.113.9, 10.0.0.2"), 2)).toBe("203.0.113.9");
  });

  it("fewer entries than trusted proxies, or a value that is not an IP, is unknown", () => {
    expect(clientIp(h("203.0.113.9"), 2)).toBeNull();
    expect(clientIp(h(), 1)).toBeNull();
    expect(clientIp(h("not-an-ip"), 1)).toBeNull();
    expect(clientKeyOf(null)).toBe("direct");
  });

  it("accepts IPv6 (lower-cased) and strips ports", () => {
    expect(clientIp(h("2001:DB8::1"), 1)).toBe("2001:db8::1");
    expect(clientIp(h("[2001:db8::1]:443"), 1)).toBe("2001:db8::1");
    expect(clientIp(h("203.0.113.9:51234"), 1)).toBe("203.0.113.9");
  });
});
