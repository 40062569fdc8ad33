import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { config, proxy } from "./proxy";

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

  it("runs for pages, not for /api or built assets", () => {
    const runsFor = (url: string) => unstable_doesMiddlewareMatch({ config, url });
    expect(["/", "/billing", "/sign-in", "/invoices/KH2627000001", "/dev/mailbox"].filter((u) => !runsFor(u))).toEqual([]);
    expect(["/api/v1/usage", "/api/v1/payments/webhook", "/api/auth/session", "/_next/static/chunks/a.js", "/favicon.ico"].filter(runsFor)).toEqual([]);
  });
});
