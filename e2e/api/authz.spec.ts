import { expect, test, type APIRequestContext } from "@playwright/test";
import { POLICY } from "../../lib/auth/policy";
import { BASE_URL, DEMO, EMULATOR_URL, anonymousClient, sessionClient, signUp, uniqueEmail } from "../fixtures";
import { ROUTES, discoverRoutes, routeKey, type RouteSpec } from "./route-table";

type ActorName = "signed_out" | "member" | "admin" | "owner" | "other_owner" | "api_key";
const ACTORS: ActorName[] = ["signed_out", "member", "admin", "owner", "other_owner", "api_key"];

const clients = {} as Record<ActorName, APIRequestContext>;
const foreign: Record<NonNullable<RouteSpec["foreignParam"]>, string> = { memberUserId: "", invoiceNumber: "", orderId: "" };

test.beforeAll(async ({ browser }) => {
  clients.signed_out = await anonymousClient();
  clients.member = await sessionClient(DEMO.member);
  clients.admin = await sessionClient(DEMO.admin);
  clients.owner = await sessionClient(DEMO.owner);
  // A fresh sign-up (through the real form) owns a different account.
  const email = uniqueEmail("other-owner");
  const page = await browser.newPage();
  await signUp(page, { name: "Other Owner", company: "Other Company Pvt Ltd", email, password: "other-owner-password" });
  await page.close();
  clients.other_owner = await sessionClient(email, "other-owner-password");
  const members = (await (await clients.owner.get("/api/v1/account/members")).json()) as { members: { user_id: string; email: string }[] };
  foreign.memberUserId = members.members.find((m) => m.email === DEMO.member)!.user_id;
  // An API key of the demo account, sent without any cookie.
  const created = await clients.owner.post("/api/v1/api-keys", { data: { name: "authz test key" } });
  expect(created.status()).toBe(201);
  const { key } = (await created.json()) as { key: string };
  clients.api_key = await anonymousKeyClient(key);
  // A paid order and its invoice in the demo account, which the other account's owner must not see.
  const order = await clients.owner.post("/api/v1/payments/create-order", { data: { type: "credit_topup", credits: 10 } });
  expect([200, 201]).toContain(order.status());
  foreign.orderId = ((await order.json()) as { order_id: string }).order_id;
  const paid = await fetch(`${EMULATOR_URL}/__control/orders/${foreign.orderId}/pay`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ outcome: "success" }),
  });
  expect(paid.status).toBe(200);
  await expect
    .poll(async () => ((await (await clients.owner.get("/api/v1/invoices")).json()) as { invoices: { invoice_number: string }[] }).invoices.length, {
      timeout: 15_000,
    })
    .toBeGreaterThan(0);
  const invoices = (await (await clients.owner.get("/api/v1/invoices")).json()) as { invoices: { invoice_number: string }[] };
  foreign.invoiceNumber = invoices.invoices[0]!.invoice_number;
});

async function anonymousKeyClient(key: string) {
  const { request } = await import("@playwright/test");
  return request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { "x-api-key": key, origin: new URL(BASE_URL).origin } });
}

test("the route table lists every /api/v1 route file and method", () => {
  const listed = new Set(ROUTES.map((r) => routeKey(r.method, r.path)));
  const discovered = discoverRoutes().map((k) => {
    const [m, p] = k.split(" ");
    return routeKey(m!, p!);
  });
  const missing = discovered.filter((k) => !listed.has(k));
  expect(missing, "routes missing from e2e/api/route-table.ts").toEqual([]);
  const stale = [...listed].filter((k) => !discovered.includes(k));
  expect(stale, "table entries without a route file").toEqual([]);
});

function fill(route: RouteSpec, actor: ActorName): string {
  const filled = route.path.replace(/:([^/]+)/g, () =>
    actor === "other_owner" && route.foreignParam ? foreign[route.foreignParam] : "nonexistent_0000000000",
  );
  return filled + (route.query ?? "");
}

function bodyFor(route: RouteSpec, actor: ActorName): unknown {
  // The other account's owner sends the demo account's real order id: they must get a 404, not the order.
  if (actor === "other_owner" && route.foreignParam === "orderId") {
    return { ...((route.foreignBody as Record<string, unknown> | undefined) ?? {}), order_id: foreign.orderId };
  }
  if (actor === "other_owner" && route.foreignBody !== undefined) return route.foreignBody;
  return route.body;
}

async function call(client: APIRequestContext, route: RouteSpec, url: string, body: unknown) {
  const opts = body !== undefined ? { data: body } : {};
  switch (route.method) {
    case "GET":
      return client.get(url);
    case "POST":
      return client.post(url, opts);
    case "PUT":
      return client.put(url, opts);
    case "PATCH":
      return client.patch(url, opts);
    case "DELETE":
      return client.delete(url);
  }
}

for (const route of ROUTES) {
  test(`${route.method} ${route.path} follows the policy for every actor`, async () => {
    for (const actor of ACTORS) {
      const url = fill(route, actor);
      const res = await call(clients[actor], route, url, bodyFor(route, actor));
      const status = res.status();
      const body = (await res.json()) as { success?: boolean; error?: { code: string; status: number } };
      const where = `${actor}: ${route.method} ${url} → ${status} ${JSON.stringify(body).slice(0, 200)}`;
      expect(status, where).toBeLessThan(500);
      if (route.action === "public") continue;
      const rule = POLICY[route.action];
      if (actor === "signed_out") {
        expect(status, where).toBe(401);
        expect(body.error?.code, where).toBe("unauthorized");
        continue;
      }
      if (actor === "api_key") {
        if (rule.apiKey) expect([401, 403], where).not.toContain(status);
        else {
          expect(status, where).toBe(403);
          expect(body.error?.code, where).toBe("api_key_not_allowed");
        }
        expect(Boolean(route.apiKey), `${route.path}: table and policy agree on API keys`).toBe(rule.apiKey);
        continue;
      }
      const role = actor === "other_owner" ? "owner" : actor;
      const allowed = !("operator" in rule && rule.operator) && (rule.roles as readonly string[]).includes(role);
      if (!allowed) {
        expect(status, where).toBe(403);
        expect(body.error?.code, where).toBe("insufficient_permissions");
      } else {
        expect([401, 403], where).not.toContain(status);
        if (actor === "other_owner" && route.foreignParam) expect(status, where).toBe(404);
      }
      if (status >= 400) expect(body.success, where).toBe(false);
    }
  });
}
