import { describe, expect, it } from "vitest";
import { createPayInSchema, paymentIdParamsSchema } from "./schemas";

const JANE = { name: "Jane Smith", phone: "9876543210" };
const HOUR_MS = 3600 * 1000;

describe("createPayInSchema", () => {
  it.each([
    ["minimal", { amount: 1, payer: JANE }],
    ["everything", { amount: 100000, payer: { ...JANE, email: "jane@example.com", phone: "+919876543210" }, reference: "PO/2026-001.a_b", purpose: "Top-up for March" }],
    ["expiry in a day", { amount: 50, payer: JANE, expires_at: new Date(Date.now() + 24 * HOUR_MS).toISOString() }],
    ["expiry with an IST offset", { amount: 50, payer: JANE, expires_at: new Date(Date.now() + 48 * HOUR_MS).toISOString().replace("Z", "+00:00") }],
  ])("accepts %s", (_, body) => {
    expect(createPayInSchema.safeParse(body).success).toBe(true);
  });

  it.each([
    ["no amount", { payer: JANE }, "amount"],
    ["zero", { amount: 0, payer: JANE }, "amount"],
    ["paise", { amount: 10.5, payer: JANE }, "amount"],
    ["too much", { amount: 100001, payer: JANE }, "amount"],
    ["a string amount", { amount: "100", payer: JANE }, "amount"],
    ["no payer", { amount: 5 }, "payer"],
    ["a landline", { amount: 5, payer: { ...JANE, phone: "0221234567" } }, "payer.phone"],
    ["a NUL in the name", { amount: 5, payer: { ...JANE, name: "Ja\u0000ne" } }, "payer.name"],
    ["markup in the name", { amount: 5, payer: { ...JANE, name: "<b>Jane</b>" } }, "payer.name"],
    ["a blank name", { amount: 5, payer: { ...JANE, name: "   " } }, "payer.name"],
    ["a bad email", { amount: 5, payer: { ...JANE, email: "jane@" } }, "payer.email"],
    ["an unknown payer field", { amount: 5, payer: { ...JANE, pan: "x" } }, "payer"],
    ["a reference with spaces", { amount: 5, payer: JANE, reference: "PO 1" }, "reference"],
    ["a 41-character reference", { amount: 5, payer: JANE, reference: "a".repeat(41) }, "reference"],
    ["an expiry in the past", { amount: 5, payer: JANE, expires_at: "2020-01-01T00:00:00Z" }, "expires_at"],
    ["an expiry in 10 minutes", { amount: 5, payer: JANE, expires_at: new Date(Date.now() + 10 * 60 * 1000).toISOString() }, "expires_at"],
    ["an expiry in 31 days", { amount: 5, payer: JANE, expires_at: new Date(Date.now() + 31 * 24 * HOUR_MS).toISOString() }, "expires_at"],
    ["an expiry without a zone", { amount: 5, payer: JANE, expires_at: "2030-01-01T00:00:00" }, "expires_at"],
    ["an unknown field", { amount: 5, payer: JANE, order_id: "x" }, ""],
  ])("refuses %s, naming %s", (_, body, path) => {
    const parsed = createPayInSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join("."))).toContain(path);
  });
});

describe("paymentIdParamsSchema", () => {
  it.each([
    ["cm_0123456789abcdef", true],
    [`op_${"a".repeat(24)}`, true],
    ["cm_0123456789ABCDEF", false],
    ["cm_0123456789abcde", false],
    ["KH-2627-000001", false],
    ["\u0000", false],
    ["a".repeat(5000), false],
  ])("%s → %s", (id, ok) => {
    expect(paymentIdParamsSchema.safeParse({ payment_id: id }).success).toBe(ok);
  });
});
