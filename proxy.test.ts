import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy } from "./proxy";

afterEach(() => vi.unstubAllEnvs());

const scriptSrc = (csp: string) => (csp.split("; ").find((d) => d.startsWith("script-src ")) ?? "").split(" ");

describe("proxy", () => {
  it("answers every page with a fresh nonce in its CSP and hands the same nonce to Next in the request headers", () => {
    vi.stubEnv("CASHFREE_ENV", "sandbox");
    const first = proxy(new NextRequest("http://localhost:3000/billing"));
    const second = proxy(new NextRequest("http://localhost:3000/billing"));
    const csp = first.headers.get("content-security-policy") ?? "";
    const nonce = first.headers.get("x-middleware-request-x-nonce");
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(scriptSrc(csp)).toEqual(expect.arrayContaining([`'nonce-${nonce}'`, "'strict-dynamic'", "https://sdk.cashfree.com"]));
    expect(scriptSrc(csp)).not.toContain("'unsafe-inline'");
    // Next finds the nonce in the request's CSP header.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(second.headers.get("x-middleware-request-x-nonce")).not.toBe(nonce);
  });

  it("reads the Cashfree environment at request time: the emulator's loopback host on any port, no Cashfree host", () => {
    vi.stubEnv("CASHFREE_ENV", "emulator");
    vi.stubEnv("CASHFREE_EMULATOR_URL", "http://127.0.0.1:4999");
    const csp = proxy(new NextRequest("http://localhost:3000/billing/top-up")).headers.get("content-security-policy") ?? "";
    expect(scriptSrc(csp)).toContain("http://127.0.0.1:*");
    expect(csp).not.toContain("cashfree.com");
  });
});
