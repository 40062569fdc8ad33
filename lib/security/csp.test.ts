import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "./csp";

const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `)) ?? "";

describe("contentSecurityPolicy", () => {
  it.each(["sandbox", "production"])("%s allows Cashfree's SDK and no emulator", (env) => {
    const csp = contentSecurityPolicy(env, "http://127.0.0.1:4010");
    expect(directive(csp, "script-src")).toContain("https://sdk.cashfree.com");
    expect(csp).not.toContain("127.0.0.1:4010");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
  });

  it("emulator mode allows exactly the emulator's origin and no Cashfree host", () => {
    const csp = contentSecurityPolicy("emulator", "http://127.0.0.1:4010/pg");
    expect(directive(csp, "script-src")).toContain("http://127.0.0.1:4010");
    expect(csp).not.toContain("cashfree.com");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
  });
});
