import { expect, test } from "@playwright/test";
import { DEMO, anonymousClient, sessionClient } from "../fixtures";
import { ROUTES } from "./route-table";

function expectEnvelope(body: unknown, status: number) {
  const b = body as { success: boolean; error: { code: string; message: string; status: number; timestamp: string } };
  expect(b.success).toBe(false);
  expect(b.error.status).toBe(status);
  expect(b.error.code).toMatch(/^[a-z_]+$/);
  expect(b.error.message.length).toBeGreaterThan(0);
  expect(Number.isNaN(Date.parse(b.error.timestamp))).toBe(false);
}

test("unknown /api/v1 paths answer a JSON 404 envelope with a request id", async () => {
  const client = await anonymousClient();
  for (const method of ["GET", "POST", "DELETE"] as const) {
    const res = await client.fetch("/api/v1/does/not/exist", { method });
    expect(res.status()).toBe(404);
    expect(res.headers()["content-type"]).toContain("application/json");
    expect(res.headers()["x-request-id"]).toBeTruthy();
    expectEnvelope(await res.json(), 404);
  }
});

test("a method a route does not serve answers a 405 envelope with a true Allow header, for every /api/v1 route", async () => {
  const client = await anonymousClient();
  const byPath = new Map<string, Set<string>>();
  for (const r of ROUTES) byPath.set(r.path, (byPath.get(r.path) ?? new Set()).add(r.method));
  for (const [routePath, served] of byPath) {
    const url = routePath.replace(/:[A-Za-z]+/g, "x_nonexistent");
    const refused = (["GET", "POST", "PUT", "PATCH", "DELETE"] as const).filter((m) => !served.has(m));
    for (const method of refused) {
      const res = await client.fetch(url, { method, data: method === "GET" ? undefined : {} });
      expect(res.status(), `${method} ${routePath}`).toBe(405);
      expect(res.headers()["x-request-id"]).toBeTruthy();
      const allow = res.headers()["allow"]!.split(", ");
      for (const m of served) expect(allow, `${method} ${routePath}`).toContain(m);
      expect(allow).not.toContain(method);
      const body = await res.json();
      expectEnvelope(body, 405);
      expect(body.error.code).toBe("method_not_allowed");
    }
  }
});

test("x-request-id is echoed when the caller sends one", async () => {
  const client = await anonymousClient();
  const res = await client.get("/api/v1/account", { headers: { "x-request-id": "req-test-123" } });
  expect(res.headers()["x-request-id"]).toBe("req-test-123");
});

test("cookie-authenticated writes from a missing, null or foreign Origin are refused", async () => {
  const owner = await sessionClient(DEMO.owner);
  for (const origin of [undefined, "null", "https://evil.example"]) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (origin) headers.origin = origin;
    else headers.origin = "";
    const res = await owner.post("/api/v1/account/members", { headers, data: { email: "csrf@example.com", role: "member" } });
    expect(res.status(), `origin ${origin}`).toBe(403);
    const body = await res.json();
    expectEnvelope(body, 403);
    expect(body.error.code).toBe("csrf_rejected");
  }
  const members = await (await owner.get("/api/v1/account/members")).json();
  expect(JSON.stringify(members)).not.toContain("csrf@example.com");
});

const WRITE_ROUTES = ROUTES.filter((r) => r.method !== "GET" && r.method !== "DELETE" && r.action !== "public");

for (const route of WRITE_ROUTES) {
  test(`${route.method} ${route.path}: bad JSON, wrong types, unknown fields and oversize bodies → 4xx envelope`, async () => {
    const client = await sessionClient(route.action.startsWith("operator:") ? DEMO.operator : DEMO.owner);
    const url = route.path.replace(/:([^/]+)/g, "nonexistent_0000000000");
    const cases: { name: string; data: string; contentType?: string }[] = [
      { name: "bad json", data: "{not json" },
      { name: "array", data: "[1,2,3]" },
      { name: "wrong types", data: JSON.stringify({ email: 12, role: [], name: false, account_id: 5, code: 7, credits: "x", type: 3 }) },
      { name: "unknown field", data: JSON.stringify({ ...(route.body as object), __unknown_field__: true }) },
      { name: "oversize", data: JSON.stringify({ pad: "x".repeat(300_000) }) },
      { name: "wrong content type", data: "email=a", contentType: "application/x-www-form-urlencoded" },
    ];
    for (const c of cases) {
      const res = await client.fetch(url, { method: route.method, headers: { "content-type": c.contentType ?? "application/json" }, data: c.data });
      const status = res.status();
      expect(status, `${c.name} → ${status}`).toBeGreaterThanOrEqual(400);
      expect(status, `${c.name} → ${status}`).toBeLessThan(500);
      // Seed 001: rate-limit headers on every answer, refusals included (issue 15).
      expect(res.headers()["x-ratelimit-limit"], `${c.name}: X-RateLimit-Limit`).toMatch(/^\d+$/);
      expect(res.headers()["x-ratelimit-remaining"], `${c.name}: X-RateLimit-Remaining`).toMatch(/^\d+$/);
      expectEnvelope(await res.json(), status);
    }
  });
}
