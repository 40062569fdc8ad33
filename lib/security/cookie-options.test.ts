import { describe, expect, it } from "vitest";
import { appCookieOptions, servedOverHttps } from "./cookie-options";

describe("appCookieOptions", () => {
  it("marks the cookie Secure when the app is served over https", () => {
    expect(appCookieOptions("https://khata.example.in")).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: true });
  });

  it("leaves Secure off over plain http (local dev and the e2e server), still httpOnly and SameSite=Lax", () => {
    expect(appCookieOptions("http://localhost:3000")).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: false });
  });

  it("judges https by the scheme only", () => {
    expect(servedOverHttps("https://127.0.0.1:8443/app")).toBe(true);
    expect(servedOverHttps("http://khata.example.in")).toBe(false);
  });
});
