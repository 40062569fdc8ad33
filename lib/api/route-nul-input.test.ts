import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { containsNul } from "./steps/validate";

vi.mock("@/lib/db", () => ({ getDb: async () => ({}) }));
vi.mock("@/lib/auth/auth", () => ({ currentSession: async () => null, currentUserId: async () => null }));

const { apiRoute } = await import("./route");

describe("text holding U+0000 (PostgreSQL text cannot store it)", () => {
  it.each<[unknown, boolean]>([
    ["plain", false],
    ["a\u0000b", true],
    [{ name: ["x", { deep: "\u0000" }] }, true],
    [{ "k\u0000": 1 }, true],
    [{ n: 1, b: true, z: null }, false],
  ])("containsNul(%j) = %s", (value, expected) => {
    expect(containsNul(value)).toBe(expected);
  });

  const calls: unknown[] = [];
  const route = apiRoute(
    { auth: "public", body: z.object({ name: z.string() }), query: z.object({ q: z.string().optional() }), params: z.object({ id: z.string() }) },
    async ({ body, query, params }) => {
      calls.push({ body, query, params });
      return { body: { ok: true } };
    },
  );
  const post = (url: string, body: string, id = "x") =>
    route(new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body }), { params: Promise.resolve({ id }) });

  it("is refused in the body (400) and the query (400), and a path holding it names no record (404); the handler never runs", async () => {
    const inBody = await post("http://localhost/api/v1/x", JSON.stringify({ name: "a\u0000b" }));
    expect(inBody.status).toBe(400);
    expect((await inBody.json()).error).toMatchObject({ code: "invalid_request", message: expect.stringContaining("U+0000") });
    const inQuery = await post("http://localhost/api/v1/x?q=%00", JSON.stringify({ name: "a" }));
    expect(inQuery.status).toBe(400);
    const inPath = await post("http://localhost/api/v1/x", JSON.stringify({ name: "a" }), "\u0000");
    expect(inPath.status).toBe(404);
    expect(calls).toEqual([]);
    // A backslash followed by "u0000" is ordinary text.
    const escaped = await post("http://localhost/api/v1/x", JSON.stringify({ name: "\\u0000" }));
    expect(escaped.status).toBe(200);
    expect(calls).toEqual([{ body: { name: "\\u0000" }, query: {}, params: { id: "x" } }]);
  });
});
