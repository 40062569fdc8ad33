import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { couponRedemptions, coupons, ledgerEntries } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { describeWithDatabase } from "@/lib/testing/database";
import { createAccount, createUser, ledgerInvariant } from "@/lib/testing/factories";
import { getBalance } from "@/lib/credits/get-balance";
import { couponStatus } from "./coupon-status";
import { createCouponSchema } from "./coupon-schema";
import { createCoupon } from "./create-coupon";
import { disableCoupon } from "./disable-coupon";
import { listCoupons } from "./list-coupons";
import { redeemCoupon } from "./redeem-coupon";

const NOW = new Date("2026-11-23T06:30:00Z");
let seq = 0;
const uniqueCode = (prefix = "WELCOME") => `${prefix}-${Date.now().toString(36).toUpperCase()}-${seq++}`;

type CreateArgs = { code?: string; credits?: number; valid_from?: Date; valid_until?: Date | null; max_redemptions?: number | null };

describeWithDatabase("coupons", (ctx) => {
  const make = (args: CreateArgs = {}) =>
    createCoupon(
      ctx.db,
      { code: args.code ?? uniqueCode(), credits: args.credits ?? 500, valid_from: args.valid_from ?? new Date("2026-11-01T00:00:00+05:30"), valid_until: args.valid_until, max_redemptions: args.max_redemptions, createdByUserId: null },
      new Date("2026-11-01T00:00:00+05:30"),
    );
  const redeemError = (accountId: string, code: string, now = NOW) =>
    redeemCoupon(ctx.db, { accountId, userId: null, code, now }).then(
      () => {
        throw new Error("expected a refusal");
      },
      (e: unknown) => e as AppError,
    );

  it("redeems: grants the credits through the ledger once, counts the redemption, answers {code, creditsGranted, balanceCredits}", async () => {
    const { accountId, ownerId } = await createAccount(ctx.db, { balanceCredits: 100n });
    const coupon = await make({ code: uniqueCode("DIWALI"), credits: 250 });
    const result = await redeemCoupon(ctx.db, { accountId, userId: ownerId, code: coupon.code, now: NOW });
    expect(result).toEqual({ code: coupon.code, creditsGranted: 250n, balanceCredits: 350n });

    const [after] = await ctx.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(after!.redemptionCount).toBe(1);
    const [redemption] = await ctx.db.select().from(couponRedemptions).where(eq(couponRedemptions.couponId, coupon.id));
    expect(redemption).toMatchObject({ accountId, redeemedByUserId: ownerId });
    const entries = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.couponId, coupon.id));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "coupon", amountCredits: 250n, balanceAfterCredits: 350n, causeKey: `coupon:${coupon.id}:${accountId}` });
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 350n, ledgerSum: 350n });
  });

  it("matches codes case-insensitively and ignores surrounding spaces", async () => {
    const { accountId } = await createAccount(ctx.db);
    const coupon = await make({ code: uniqueCode("launch_x"), credits: 10 });
    expect(coupon.code).toMatch(/^LAUNCH_X-/);
    const result = await redeemCoupon(ctx.db, { accountId, userId: null, code: `  ${coupon.code.toLowerCase()} \n`, now: NOW });
    expect(result).toMatchObject({ code: coupon.code, creditsGranted: 10n });
  });

  it("unknown and malformed codes → 404 coupon_not_found", async () => {
    const { accountId } = await createAccount(ctx.db);
    expect(await redeemError(accountId, "NO-SUCH-CODE")).toMatchObject({ code: "coupon_not_found" });
    expect(await redeemError(accountId, "bad code!")).toMatchObject({ code: "coupon_not_found" });
    expect(await redeemError(accountId, "AB")).toMatchObject({ code: "coupon_not_found" });
  });

  it("disabled → 400 coupon_disabled; disabling is idempotent and keeps past grants", async () => {
    const { accountId: early } = await createAccount(ctx.db);
    const { accountId: late } = await createAccount(ctx.db);
    const coupon = await make();
    await redeemCoupon(ctx.db, { accountId: early, userId: null, code: coupon.code, now: NOW });
    const disabled = await disableCoupon(ctx.db, coupon.id, new Date("2026-11-20T00:00:00Z"));
    const again = await disableCoupon(ctx.db, coupon.id, new Date("2026-11-21T00:00:00Z"));
    expect(again.disabledAt).toEqual(disabled.disabledAt);
    expect(couponStatus(again, NOW)).toBe("disabled");
    expect(await redeemError(late, coupon.code)).toMatchObject({ code: "coupon_disabled" });
    expect((await getBalance(ctx.db, early)).balanceCredits).toBe(500n);
    expect(await disableCoupon(ctx.db, "cpn_missing").catch((e: unknown) => e)).toMatchObject({ code: "not_found" });
  });

  it("outside the validity window → coupon_expired (expired, and not yet valid); valid_until is exclusive", async () => {
    const { accountId } = await createAccount(ctx.db);
    const until = new Date("2026-11-30T18:30:00Z"); // 1 Dec 00:00 IST
    const coupon = await make({ valid_until: until });
    expect(await redeemError(accountId, coupon.code, until)).toMatchObject({
      code: "coupon_expired",
      details: { reason: "expired" },
    });
    const future = await make({ valid_from: new Date("2026-12-01T00:00:00+05:30") });
    expect(await redeemError(accountId, future.code)).toMatchObject({ code: "coupon_expired", details: { reason: "not_yet_valid" } });
    // One millisecond before the end it still works.
    const ok = await redeemCoupon(ctx.db, { accountId, userId: null, code: coupon.code, now: new Date(until.getTime() - 1) });
    expect(ok.creditsGranted).toBe(500n);
  });

  it("a second redemption by the same account → 409 coupon_already_redeemed, nothing granted", async () => {
    const { accountId } = await createAccount(ctx.db);
    const coupon = await make({ credits: 40 });
    await redeemCoupon(ctx.db, { accountId, userId: null, code: coupon.code, now: NOW });
    expect(await redeemError(accountId, coupon.code.toLowerCase())).toMatchObject({ code: "coupon_already_redeemed" });
    const [after] = await ctx.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(after!.redemptionCount).toBe(1);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 40n, ledgerSum: 40n });
  });

  it("over the overall limit → 409 coupon_exhausted, and the refused attempt leaves no redemption row", async () => {
    const coupon = await make({ max_redemptions: 2, credits: 5 });
    for (let i = 0; i < 2; i++) {
      const { accountId } = await createAccount(ctx.db);
      await redeemCoupon(ctx.db, { accountId, userId: null, code: coupon.code, now: NOW });
    }
    const { accountId: third } = await createAccount(ctx.db);
    expect(await redeemError(third, coupon.code)).toMatchObject({ code: "coupon_exhausted" });
    const rows = await ctx.db.select().from(couponRedemptions).where(eq(couponRedemptions.couponId, coupon.id));
    expect(rows).toHaveLength(2);
    expect(rows.some((r) => r.accountId === third)).toBe(false);
    expect((await getBalance(ctx.db, third)).balanceCredits).toBe(0n);
    const [after] = await ctx.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(couponStatus(after!, NOW)).toBe("exhausted");
  });

  it("operators create (code normalised, unique), list and validate coupons", async () => {
    const operator = await createUser(ctx.db, { isOperator: true });
    const code = uniqueCode("NEW");
    const parsed = createCouponSchema.parse({ code: code.toLowerCase(), credits: 1000, max_redemptions: 100, valid_until: "2027-01-01T00:00:00+05:30" });
    const coupon = await createCoupon(ctx.db, { ...parsed, createdByUserId: operator.id });
    expect(coupon).toMatchObject({ code, credits: 1000n, maxRedemptions: 100, redemptionCount: 0, createdByUserId: operator.id });
    expect(coupon.validUntil).toEqual(new Date("2026-12-31T18:30:00Z"));

    const taken = await createCoupon(ctx.db, { ...parsed, createdByUserId: null }).catch((e: unknown) => e);
    expect(taken).toMatchObject({ code: "coupon_code_taken" });

    const listed = await listCoupons(ctx.db, { limit: 100, offset: 0 });
    expect(listed.total).toBeGreaterThanOrEqual(1);
    expect(listed.coupons.map((c) => c.code)).toContain(code);

    const bad = [
      { code: "ab", credits: 1 },
      { code: "has space", credits: 1 },
      { code: "X".repeat(33), credits: 1 },
      { code: "OK-CODE", credits: 0 },
      { code: "OK-CODE", credits: 1.5 },
      { code: "OK-CODE", credits: "10" },
      { code: "OK-CODE", credits: 10, max_redemptions: 0 },
      { code: "OK-CODE", credits: 10, valid_from: "2026-12-01T00:00:00+05:30", valid_until: "2026-11-30T00:00:00+05:30" },
      { code: "OK-CODE", credits: 10, valid_until: "tomorrow" },
      { code: "OK-CODE", credits: 10, extra: true },
    ];
    for (const input of bad) expect(createCouponSchema.safeParse(input).success, JSON.stringify(input)).toBe(false);
  });
});

describeWithDatabase("coupon redemption under concurrency", (ctx) => {
  it("20 concurrent redemptions of one coupon by one account → exactly 1 grant", async () => {
    const { accountId } = await createAccount(ctx.db);
    const coupon = await createCoupon(ctx.db, { code: uniqueCode("RACE"), credits: 100, max_redemptions: null, createdByUserId: null });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => redeemCoupon(ctx.db, { accountId, userId: null, code: coupon.code })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as AppError);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(19);
    expect(refused.every((e) => e.code === "coupon_already_redeemed")).toBe(true);

    const entries = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.couponId, coupon.id));
    expect(entries).toHaveLength(1);
    const [after] = await ctx.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(after!.redemptionCount).toBe(1);
    expect(await ledgerInvariant(ctx.db, accountId)).toMatchObject({ balance: 100n, ledgerSum: 100n });
  });

  it("a 5-use coupon redeemed by 10 accounts at once → exactly 5 grants", async () => {
    const accounts = await Promise.all(Array.from({ length: 10 }, () => createAccount(ctx.db)));
    const coupon = await createCoupon(ctx.db, { code: uniqueCode("FIVE"), credits: 20, max_redemptions: 5, createdByUserId: null });
    const results = await Promise.allSettled(
      accounts.map(({ accountId }) => redeemCoupon(ctx.db, { accountId, userId: null, code: coupon.code.toLowerCase() })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as AppError);
    expect(ok).toHaveLength(5);
    expect(refused).toHaveLength(5);
    expect(refused.every((e) => e.code === "coupon_exhausted")).toBe(true);

    const entries = await ctx.db.select().from(ledgerEntries).where(eq(ledgerEntries.couponId, coupon.id));
    expect(entries).toHaveLength(5);
    expect(new Set(entries.map((e) => e.accountId)).size).toBe(5);
    const [after] = await ctx.db.select().from(coupons).where(eq(coupons.id, coupon.id));
    expect(after!.redemptionCount).toBe(5);
    expect(await ctx.db.select().from(couponRedemptions).where(eq(couponRedemptions.couponId, coupon.id))).toHaveLength(5);
    for (const { accountId } of accounts) {
      const inv = await ledgerInvariant(ctx.db, accountId);
      expect(inv.balance).toBe(inv.ledgerSum);
      expect([0n, 20n]).toContain(inv.balance);
    }
  });
});
