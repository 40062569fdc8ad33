/**
 * POST /api/v1/account/sessions/revoke and the account route through the real apiRoute wrapper, with the cookie
 * (what it claims) and the database handle substituted: an ended session answers 401.
 */
import { beforeEach, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount } from "@/lib/testing/factories";
import { signedInAs } from "@/lib/testing/sessions";
import type { SessionClaim } from "./session-user";
import { endSession } from "./end-sessions";

const cookie = vi.hoisted(() => ({ claim: null as SessionClaim | null, db: null as unknown }));
vi.mock("@/lib/auth/auth", () => ({ currentSession: async () => cookie.claim, currentUserId: async () => cookie.claim?.userId ?? null }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/lib/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db")>()),
  getDb: async () => cookie.db,
}));

const { POST: revoke } = await import("@/app/api/v1/account/sessions/revoke/route");
const { GET: account } = await import("@/app/api/v1/account/route");

const ORIGIN = "http://localhost:3000";
const post = (body: string) =>
  new Request(`${ORIGIN}/api/v1/account/sessions/revoke`, { method: "POST", headers: { origin: ORIGIN, "content-type": "application/json" }, body });
const getAccount = () => new Request(`${ORIGIN}/api/v1/account`, { headers: { origin: ORIGIN } });

describeWithDatabase("sessions over the API", (ctx) => {
  beforeEach(() => {
    cookie.db = ctx.db as Db;
    cookie.claim = null;
  });

  it("a copied cookie answers 401 once its session was signed out", async () => {
    const { ownerId } = await createAccount(ctx.db);
    cookie.claim = await signedInAs(ctx.db, ownerId);
    expect((await account(getAccount())).status).toBe(200);
    await endSession(ctx.db, cookie.claim);
    const refused = await account(getAccount());
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it("revoke takes only an empty object; it ends every session of the caller's user (this one too)", async () => {
    const { ownerId } = await createAccount(ctx.db);
    const other = await signedInAs(ctx.db, ownerId);
    cookie.claim = await signedInAs(ctx.db, ownerId);
    for (const body of ['{"everywhere":"no such field"}', "{not json", "[]"]) {
      expect((await revoke(post(body))).status, body).toBe(400);
    }
    expect((await account(getAccount())).status).toBe(200); // nothing ended by a refused call

    const done = await revoke(post("{}"));
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ revoked_sessions: 2, signed_out: true });
    expect((await account(getAccount())).status).toBe(401);
    cookie.claim = other;
    expect((await account(getAccount())).status).toBe(401);
    expect((await revoke(post("{}"))).status).toBe(401);
  });
});
