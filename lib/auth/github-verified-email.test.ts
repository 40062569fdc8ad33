import { describe, expect, it } from "vitest";
import { githubUrls, verifiedPrimaryEmail } from "./github-verified-email";

describe("verifiedPrimaryEmail", () => {
  it.each([
    ["primary and verified", [{ email: "Tara@Example.com", primary: true, verified: true }], "tara@example.com"],
    ["primary but unverified", [{ email: "owner@khata.test", primary: true, verified: false }], null],
    [
      "a verified secondary does not stand in for an unverified primary",
      [
        { email: "owner@khata.test", primary: true, verified: false },
        { email: "other@example.com", primary: false, verified: true },
      ],
      null,
    ],
    ["no primary", [{ email: "a@example.com", primary: false, verified: true }], null],
    ["empty list", [], null],
    ["not a list", { message: "Bad credentials" }, null],
    ["verified flag missing", [{ email: "a@example.com", primary: true }], null],
  ])("%s", (_, emails, expected) => {
    expect(verifiedPrimaryEmail(emails)).toBe(expected);
  });
});

describe("githubUrls", () => {
  it("uses api.github.com for github.com and /api/v3 on Enterprise Server", () => {
    expect(githubUrls(undefined)).toEqual({ apiBaseUrl: "https://api.github.com" });
    expect(githubUrls("https://github.example.com/")).toEqual({
      enterprise: { baseUrl: "https://github.example.com" },
      apiBaseUrl: "https://github.example.com/api/v3",
    });
  });
});
