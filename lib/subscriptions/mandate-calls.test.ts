import { describe, expect, it } from "vitest";
import { CashfreeApiError, CashfreeNetworkError, type CashfreeClient } from "@/lib/cashfree";
import { cancelMandate, raiseMandateCharge } from "./mandate-calls";

const apiError = (status: number) => new CashfreeApiError({ status, code: `code_${status}`, type: "x", message: `HTTP ${status}`, requestId: "r" });
const input = { subscriptionId: "sub_1", paymentId: "rn_1", amountPaise: 499_900n, debitAt: new Date("2026-12-05T04:30:00Z"), remarks: "Khata renewal" };
const client = (impl: Partial<CashfreeClient>) => impl as CashfreeClient;

describe("raiseMandateCharge", () => {
  it("sends the amount in rupees and the notified debit time in IST, and answers Cashfree's payment id", async () => {
    let sent: unknown;
    const cf = client({ raiseSubscriptionCharge: async (body) => ((sent = body), { payment_id: "rn_1", cf_payment_id: "cf_9" }) as never });
    expect(await raiseMandateCharge(cf, input)).toEqual({ outcome: "raised", cfPaymentId: "cf_9" });
    expect(sent).toEqual({ subscription_id: "sub_1", payment_id: "rn_1", payment_amount: 4999, payment_schedule_date: "2026-12-05T10:00:00+05:30", payment_remarks: "Khata renewal", payment_type: "CHARGE" });
  });

  it.each([
    [400, "refused"],
    [404, "refused"],
    [409, "refused"],
    [429, "unreachable"],
    [500, "unreachable"],
    [503, "unreachable"],
  ])("Cashfree answering %i → %s", async (status, outcome) => {
    const cf = client({ raiseSubscriptionCharge: async () => Promise.reject(apiError(status)) });
    expect((await raiseMandateCharge(cf, input)).outcome).toBe(outcome);
  });

  it("a refusal carries how it reads on the failed row: Cashfree's code and message, at most 500 characters", async () => {
    const long = new CashfreeApiError({ status: 400, code: "mandate_inactive", type: "x", message: "m".repeat(600), requestId: "r" });
    const refused = await raiseMandateCharge(client({ raiseSubscriptionCharge: async () => Promise.reject(apiError(400)) }), input);
    expect(refused).toMatchObject({ outcome: "refused", reason: "code_400: HTTP 400" });
    const cut = await raiseMandateCharge(client({ raiseSubscriptionCharge: async () => Promise.reject(long) }), input);
    expect(cut.outcome === "refused" && cut.reason).toBe(`mandate_inactive: ${"m".repeat(600)}`.slice(0, 500));
  });

  it("no answer → unreachable; an error that is not Cashfree's is thrown", async () => {
    const offline = client({ raiseSubscriptionCharge: async () => Promise.reject(new CashfreeNetworkError("down", { requestId: "r", attempts: 4 })) });
    expect((await raiseMandateCharge(offline, input)).outcome).toBe("unreachable");
    const broken = client({ raiseSubscriptionCharge: async () => Promise.reject(new TypeError("bug")) });
    await expect(raiseMandateCharge(broken, input)).rejects.toThrow(TypeError);
  });
});

describe("cancelMandate", () => {
  it.each([400, 404, 409])("treats Cashfree's %i (cancelled already, or never made) as done", async (status) => {
    await expect(cancelMandate(client({ manageSubscription: async () => Promise.reject(apiError(status)) }), "sub_1")).resolves.toBeUndefined();
  });
  it("throws any other failure for the caller to retry, and cancels once per subscription key", async () => {
    await expect(cancelMandate(client({ manageSubscription: async () => Promise.reject(apiError(500)) }), "sub_1")).rejects.toMatchObject({ status: 500 });
    let key: string | undefined;
    await cancelMandate(client({ manageSubscription: async (_id, _action, options) => ((key = options.idempotencyKey), {}) as never }), "sub_1");
    expect(key).toBe("cancel_sub_1");
  });
});
