import { describe, expect, it } from "vitest";
import { hashPassword, hashPasswordForTests, verifyPassword } from "./password";

describe("password hashing", () => {
  it("verifies the right password only, with a fresh salt each time", async () => {
    const a = await hashPasswordForTests("correct horse");
    const b = await hashPasswordForTests("correct horse");
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("correct horsE", a)).toBe(false);
  });

  it("uses scrypt with OWASP parameters by default", async () => {
    const stored = await hashPassword("pw");
    expect(stored.startsWith("scrypt$131072$8$1$")).toBe(true);
    expect(await verifyPassword("pw", stored)).toBe(true);
  });

  it("rejects malformed stored hashes without throwing", async () => {
    expect(await verifyPassword("pw", "")).toBe(false);
    expect(await verifyPassword("pw", "bcrypt$x")).toBe(false);
    expect(await verifyPassword("pw", "scrypt$0$8$1$aa$bb")).toBe(false);
  });
});
