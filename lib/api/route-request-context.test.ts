import { describe, expect, it, vi } from "vitest";
import { currentRequestContext } from "@/lib/log-context";

vi.mock("@/lib/db", () => ({ getDb: async () => ({}) }));
vi.mock("@/lib/auth/auth", () => ({ currentSession: async () => null, currentUserId: async () => null }));

const { apiRoute } = await import("./route");

describe("apiRoute request context", () => {
  it("runs the handler inside the request's context: the id every log line carries is the one echoed", async () => {
    const seen: Array<string | undefined> = [];
    const route = apiRoute({ auth: "public" }, async () => {
      seen.push(currentRequestContext()?.requestId);
      await new Promise<void>((resolve) => setImmediate(resolve));
      seen.push(currentRequestContext()?.requestId);
      return { body: { ok: true } };
    });
    const given = await route(new Request("http://localhost/api/v1/x", { headers: { "x-request-id": "req-given-1" } }));
    expect(given.headers.get("x-request-id")).toBe("req-given-1");
    const generated = await route(new Request("http://localhost/api/v1/x"));
    expect(seen).toEqual(["req-given-1", "req-given-1", generated.headers.get("x-request-id"), generated.headers.get("x-request-id")]);
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(currentRequestContext()).toBeUndefined();
  });
});
