import { describe, expect, it } from "vitest";
import type { BuildEnv } from "@/lib/config/env";
import { contentSecurityPolicy } from "./csp";

const policy = (CASHFREE_ENV: BuildEnv["CASHFREE_ENV"], CASHFREE_EMULATOR_URL: string, NODE_ENV: BuildEnv["NODE_ENV"] = "production") =>
  contentSecurityPolicy({ NODE_ENV, CASHFREE_ENV, CASHFREE_EMULATOR_URL });

const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `)) ?? "";

describe("contentSecurityPolicy", () => {
  it.each(["sandbox", "production"] as const)("%s allows Cashfree's SDK and no emulator", (env) => {
    const csp = policy(env, "http://127.0.0.1:4010");
    expect(directive(csp, "script-src")).toContain("https://sdk.cashfree.com");
    expect(csp).not.toContain("127.0.0.1:4010");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
  });

  it("emulator mode on loopback allows the emulator's host on any port (the build outlives the port) and no Cashfree host", () => {
    const csp = policy("emulator", "http://127.0.0.1:4010/pg");
    for (const name of ["script-src", "connect-src", "frame-src", "form-action"]) {
      expect(directive(csp, name).split(" ")).toContain("http://127.0.0.1:*");
    }
    expect(csp).not.toContain("4010");
    expect(csp).not.toContain("cashfree.com");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
  });

  it("emulator mode off loopback allows exactly the emulator's origin", () => {
    const csp = policy("emulator", "https://cf-emulator.internal:8443/pg");
    expect(directive(csp, "script-src").split(" ")).toContain("https://cf-emulator.internal:8443");
    expect(csp).not.toContain(":*");
  });

  it("allows eval and websockets (React refresh) only outside production", () => {
    expect(directive(policy("sandbox", "http://127.0.0.1:4010", "development"), "script-src")).toContain("'unsafe-eval'");
    expect(directive(policy("sandbox", "http://127.0.0.1:4010", "development"), "connect-src")).toContain("ws:");
    expect(policy("sandbox", "http://127.0.0.1:4010", "production")).not.toMatch(/unsafe-eval|ws:/);
  });
});
