import { expect, it } from "vitest";
import { hashPasswordForTests } from "@/lib/auth/password";
import { hitRateLimit } from "@/lib/rate-limit/hit-rate-limit";
import { ipBucketKey } from "@/lib/rate-limit/ip-limits";
import { clientIp } from "@/lib/security/client-ip";
import { describeWithDatabase } from "@/lib/testing/database";
import { authenticatePassword, type PasswordSignIn } from "./authenticate-password";
import { SIGN_IN_FAILURE_LIMIT } from "./sign-in-throttle";
import { signUp } from "./sign-up";

const email = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 8)}@abuse.test`;

/**
 * A verifier that counts its calls and holds every check until all `total` attempts have either been answered
 * without a check or are waiting inside one: the worst case, every request in flight at once.
 */
function heldVerifier(total: number) {
  let calls = 0;
  let settled = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const check = () => {
    if (calls + settled >= total) open();
  };
  return {
    // Every attempt here is a wrong password: the held check answers false without spending a real hash.
    verify: async () => {
      calls++;
      check();
      await opened;
      return false;
    },
    settle: <T>(p: Promise<T>) =>
      p.finally(() => {
        settled++;
        check();
      }),
    calls: () => calls,
  };
}

const count = (results: PasswordSignIn[]) => results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});

describeWithDatabase("sign-in abuse limits", (ctx) => {
  it("40 concurrent wrong passwords for one email → at most 10 password checks, then the right one is refused too", async () => {
    const e = email("parallel");
    await signUp(ctx.db, { email: e, name: "P", passwordHash: await hashPasswordForTests("right-password"), accountName: "P" });
    const v = heldVerifier(40);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => v.settle(authenticatePassword(ctx.db, { email: e, password: `wrong-${i}` }, { verify: v.verify }))),
    );
    expect(v.calls()).toBeLessThanOrEqual(SIGN_IN_FAILURE_LIMIT);
    expect(count(results)).toEqual({ invalid: SIGN_IN_FAILURE_LIMIT, throttled: 40 - SIGN_IN_FAILURE_LIMIT });
    expect((await authenticatePassword(ctx.db, { email: e, password: "right-password" })).status).toBe("throttled");
  }, 30_000);

  it("a success gives its reservation back: 9 failures then successes never lock the user out", async () => {
    const e = email("fumbler");
    await signUp(ctx.db, { email: e, name: "F", passwordHash: await hashPasswordForTests("right-password"), accountName: "F" });
    for (let i = 0; i < SIGN_IN_FAILURE_LIMIT - 1; i++) await authenticatePassword(ctx.db, { email: e, password: `wrong-${i}` });
    for (let i = 0; i < 5; i++) expect((await authenticatePassword(ctx.db, { email: e, password: "right-password" })).status).toBe("ok");
    expect((await authenticatePassword(ctx.db, { email: e, password: "wrong-last" })).status).toBe("invalid");
    expect((await authenticatePassword(ctx.db, { email: e, password: "right-password" })).status).toBe("throttled");
  }, 30_000);

  it("per IP: 40 concurrent sign-ins for different emails from one IP → at most 20 checks; another IP is unaffected", async () => {
    const ip = "203.0.113.66";
    const v = heldVerifier(40);
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        v.settle(authenticatePassword(ctx.db, { email: email("spray"), password: "guess" }, { network: { ip }, verify: v.verify })),
      ),
    );
    expect(v.calls()).toBeLessThanOrEqual(20);
    expect(count(results)).toEqual({ invalid: 20, rate_limited: 20 });
    const legit = email("legit");
    await signUp(ctx.db, { email: legit, name: "L", passwordHash: await hashPasswordForTests("right-password"), accountName: "L" });
    expect((await authenticatePassword(ctx.db, { email: legit, password: "right-password" }, { network: { ip: "198.51.100.7" } })).status).toBe("ok");
    const refused = await authenticatePassword(ctx.db, { email: legit, password: "right-password" }, { network: { ip } });
    expect(refused).toMatchObject({ status: "rate_limited" });
    expect(refused.status === "rate_limited" && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it("with TRUSTED_PROXY_COUNT=0 a changing X-Forwarded-For lands in one budget, so spoofing it evades nothing", async () => {
    const decisions = [];
    for (let i = 0; i < 25; i++) {
      const ip = clientIp(new Headers({ "x-forwarded-for": `198.18.${i}.${i}` }), 0);
      decisions.push(await authenticatePassword(ctx.db, { email: email("spoof"), password: "guess" }, { network: { ip }, verify: async () => false }));
    }
    expect(count(decisions)).toEqual({ invalid: 20, rate_limited: 5 });
    // The same header through one trusted proxy: the entry the proxy appended decides.
    const viaProxy = (xff: string) => clientIp(new Headers({ "x-forwarded-for": xff }), 1);
    expect(ipBucketKey("sign-in", viaProxy("1.2.3.4, 203.0.113.5"))).toBe(ipBucketKey("sign-in", viaProxy("9.9.9.9, 203.0.113.5")));
    expect((await hitRateLimit(ctx.db, { key: ipBucketKey("sign-in", null), limit: 20, windowSeconds: 60 })).allowed).toBe(false);
  }, 60_000);
});
