import { describe, expect, it } from "vitest";
import type { BuildEnv } from "@/lib/config/env";
import { contentSecurityPolicy, generateNonce } from "./csp";

const NONCE = "bm9uY2Utb2YtdGhpcy1yZXE=";
const policy = (CASHFREE_ENV: BuildEnv["CASHFREE_ENV"], CASHFREE_EMULATOR_URL: string, NODE_ENV: BuildEnv["NODE_ENV"] = "production") =>
  contentSecurityPolicy({ NODE_ENV, CASHFREE_ENV, CASHFREE_EMULATOR_URL }, NONCE);

const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `)) ?? "";

describe("contentSecurityPolicy", () => {
  it.each(["sandbox", "production"])("%s allows Cashfree's SDK and no emulator", (env) => {
    const csp = policy(env as BuildEnv["CASHFREE_ENV"], "http://127.0.0.1:4010", "production");
    expect(directive(csp, "script-src")).toContain("https://sdk.cashfree.com");
    expect(csp).not.toContain("127.0.0.1:4010");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
  });

  it("emulator mode on loopback allows the emulator's host on any port (the build outlives the port) and no Cashfree host", () => {
    const csp = policy("emulator" as BuildEnv["CASHFREE_ENV"], "http://127.0.0.1:4010/pg", "production");
    for (const name of ["script-src", "connect-src", "frame-src", "form-action"]) {
      expect(directive(csp, name).split(" ")).toContain("http://127.0.0.1:*");
    }
    expect(csp).not.toContain("4010");
    expect(csp).not.toContain("cashfree.com");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
  });

  it("emulator mode off loopback allows exactly the emulator's origin", () => {
    const csp = policy("emulator" as BuildEnv["CASHFREE_ENV"], "https://cf-emulator.internal:8443/pg", "production");
    expect(directive(csp, "script-src").split(" ")).toContain("https://cf-emulator.internal:8443");
    expect(csp).not.toContain(":*");
  });

  it.each(["emulator", "sandbox", "production"])("%s: scripts need this response's nonce ('strict-dynamic' for what they load), never inline or eval", (env) => {
    const scripts = directive(policy(env as BuildEnv["CASHFREE_ENV"], "http://127.0.0.1:4010", "production"), "script-src").split(" ");
    expect(scripts).toContain(`'nonce-${NONCE}'`);
    expect(scripts).toContain("'strict-dynamic'");
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
  });

  it("allows eval and the dev websocket only outside production", () => {
    const dev = policy("emulator" as BuildEnv["CASHFREE_ENV"], "http://127.0.0.1:4010", "development");
    expect(directive(dev, "script-src").split(" ")).toContain("'unsafe-eval'");
    expect(directive(dev, "script-src").split(" ")).not.toContain("'unsafe-inline'");
    expect(directive(dev, "connect-src").split(" ")).toContain("ws:");
  });
});

describe("generateNonce", () => {
  it("is 128 bits of base64, different on every call", () => {
    const nonces = new Set(Array.from({ length: 50 }, generateNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
