import { describe, expect, it } from "vitest";
import { buildCreateOrderRequest, normaliseIndianPhone, orderIdSchema, paiseToOrderAmount } from "./order-fields";

describe("paiseToOrderAmount", () => {
  it.each([
    [500000n, 5000],
    [99999, 999.99],
    [100, 1],
    [101n, 1.01],
    [110, 1.1],
    [123456789n, 1234567.89],
  ])("%s paise -> %s", (paise, rupees) => {
    expect(paiseToOrderAmount(paise)).toBe(rupees);
  });

  it("is exact for every 2-decimal amount in a sampled range", () => {
    for (let paise = 100; paise < 200_000; paise += 37) {
      const text = `${Math.floor(paise / 100)}.${String(paise % 100).padStart(2, "0")}`;
      expect(paiseToOrderAmount(paise)).toBe(Number(text));
    }
  });

  it("rejects under 100 paise, fractions and unsafe sizes", () => {
    expect(() => paiseToOrderAmount(99)).toThrow(RangeError);
    expect(() => paiseToOrderAmount(0n)).toThrow(RangeError);
    expect(() => paiseToOrderAmount(-500)).toThrow(RangeError);
    expect(() => paiseToOrderAmount(150.5)).toThrow(RangeError);
    expect(() => paiseToOrderAmount(2n ** 60n)).toThrow(RangeError);
  });
});

describe("orderIdSchema", () => {
  it("accepts 3–45 chars of [A-Za-z0-9_-]", () => {
    expect(orderIdSchema.safeParse("abc").success).toBe(true);
    expect(orderIdSchema.safeParse("a".repeat(45)).success).toBe(true);
    expect(orderIdSchema.safeParse("inv_2025-0001").success).toBe(true);
  });
  it.each(["ab", "a".repeat(46), "has space", "dot.ted", "ünï", ""])("rejects %j", (id) => {
    expect(orderIdSchema.safeParse(id).success).toBe(false);
  });
});

describe("normaliseIndianPhone", () => {
  it.each(["9876543210", "+919876543210", "919876543210", "09876543210", "+91 98765-43210"])("accepts %s", (phone) => {
    expect(normaliseIndianPhone(phone)).toBe("9876543210");
  });
  it.each(["12345", "5876543210", "+449876543210", "98765432101", ""])("rejects %j", (phone) => {
    expect(() => normaliseIndianPhone(phone)).toThrow(RangeError);
  });
});

describe("buildCreateOrderRequest", () => {
  const base = {
    orderId: "ord_123",
    amountPaise: 500000n,
    customer: { id: "acct_1", phone: "+919876543210", email: "a@example.com", name: "Asha" },
    returnUrl: "https://khata.example/billing/return?order_id={order_id}",
    notifyUrl: "https://khata.example/api/webhooks/cashfree",
  };

  it("builds the Cashfree request", () => {
    expect(buildCreateOrderRequest({ ...base, note: "Credit top-up" })).toEqual({
      order_id: "ord_123",
      order_amount: 5000,
      order_currency: "INR",
      customer_details: { customer_id: "acct_1", customer_phone: "9876543210", customer_email: "a@example.com", customer_name: "Asha" },
      order_meta: { return_url: base.returnUrl, notify_url: base.notifyUrl },
      order_note: "Credit top-up",
    });
  });

  it("requires {order_id} in the return URL", () => {
    expect(() => buildCreateOrderRequest({ ...base, returnUrl: "https://khata.example/billing/return" })).toThrow(/order_id/);
  });

  it("rejects bad order ids, phones, urls and emails", () => {
    expect(() => buildCreateOrderRequest({ ...base, orderId: "x" })).toThrow();
    expect(() => buildCreateOrderRequest({ ...base, customer: { id: "a", phone: "123" } })).toThrow();
    expect(() => buildCreateOrderRequest({ ...base, notifyUrl: "not a url" })).toThrow();
    expect(() => buildCreateOrderRequest({ ...base, customer: { ...base.customer, email: "nope" } })).toThrow();
    expect(() => buildCreateOrderRequest({ ...base, amountPaise: 50 })).toThrow(RangeError);
  });
});
