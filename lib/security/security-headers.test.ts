import { describe, expect, it } from "vitest";
import { staticSecurityHeaders } from "./security-headers.mjs";

const header = (nodeEnv: string | undefined, key: string) => staticSecurityHeaders(nodeEnv).find((h) => h.key === key)?.value;

describe("staticSecurityHeaders", () => {
  it("sends HSTS for two years with subdomains in a production build", () => {
    expect(header("production", "Strict-Transport-Security")).toBe("max-age=63072000; includeSubDomains");
  });

  it.each(["development", "test", undefined])("sends no HSTS outside production (%s)", (nodeEnv) => {
    expect(header(nodeEnv, "Strict-Transport-Security")).toBeUndefined();
  });

  it("always forbids framing and sniffing, and leaves the CSP to the per-request proxy", () => {
    expect(header("production", "X-Frame-Options")).toBe("DENY");
    expect(header("development", "X-Content-Type-Options")).toBe("nosniff");
    expect(header("production", "Content-Security-Policy")).toBeUndefined();
  });
});
