import { describe, expect, it } from "vitest";
import { parseAmountFilter, recordOfflinePaymentBodySchema } from "./schemas";

describe("seed 003's amt", () => {
  it.each([
    ["<50", "<", 5000n],
    ["≤10", "<=", 1000n],
    ["<=10", "<=", 1000n],
    ["≥80", ">=", 8000n],
    [">=80", ">=", 8000n],
    [">100", ">", 10000n],
    ["=100", "=", 10000n],
    ["100", "=", 10000n],
    ["500.5", "=", 50050n],
    ["≥ 0.01", ">=", 1n],
  ])("%s → %s %s paise", (raw, op, paise) => expect(parseAmountFilter(raw)).toEqual({ op, paise }));

  it.each(["", "≈5", "=>5", "<-1", "1.234", "1e3", "abc", "<<5"])("refuses %j", (raw) => expect(parseAmountFilter(raw)).toBeNull());
});

describe("recording body", () => {
  const valid = { account_id: "acc_1", amount_paise: 100_000, mode: "Cheque" };
  it.each<[string, Record<string, unknown>, string]>([
    ["amount below ₹1", { amount_paise: 99 }, "amount_paise"],
    ["fractional paise", { amount_paise: 1000.5 }, "amount_paise"],
    ["amount as a string", { amount_paise: "1000" }, "amount_paise"],
    ["amount above ₹100 crore", { amount_paise: 100_000_000_001 }, "amount_paise"],
    ["unknown mode", { mode: "UPI" }, "mode"],
    ["mode in lower case", { mode: "cash" }, "mode"],
    ["date format", { payment_date: "03/12/2026" }, "payment_date"],
    ["not a calendar date", { payment_date: "2026-02-29" }, "payment_date"],
    ["reference too long", { reference: "r".repeat(256) }, "reference"],
    ["plan without pays_for plan", { plan: "pro" }, "plan"],
    ["pays_for plan without a plan", { pays_for: "plan" }, "plan"],
    ["unknown field", { amt: 100 }, ""],
  ])("refuses %s, naming the field", (_, over, field) => {
    const parsed = recordOfflinePaymentBodySchema.safeParse({ ...valid, ...over });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join(".")).toBe(field);
  });

  it("accepts a cheque with defaults, and a plan payment", () => {
    expect(recordOfflinePaymentBodySchema.parse(valid)).toEqual({ ...valid, pays_for: "credit_topup" });
    expect(recordOfflinePaymentBodySchema.parse({ ...valid, pays_for: "plan", plan: "pro", payment_date: "2028-02-29", reference: " UTR 1 " })).toMatchObject({ plan: "pro", reference: "UTR 1" });
  });
});
