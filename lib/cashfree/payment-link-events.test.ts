import { describe, expect, it } from "vitest";
import { merchantOrderIdOf, parseWebhookEvent } from "./webhook-events";

// The sample of Cashfree's "Payment Link Webhooks" page (money as strings, ids as numbers).
const SAMPLE = {
  data: {
    cf_link_id: 1576977,
    link_id: "payment_ps11",
    link_status: "PARTIALLY_PAID",
    link_currency: "INR",
    link_amount: "200.12",
    link_amount_paid: "55.00",
    link_partial_payments: true,
    link_minimum_partial_amount: "11.00",
    link_purpose: "Payment for order 10",
    link_created_at: "2021-08-18T07:13:41",
    customer_details: { customer_phone: "9000000000", customer_email: "john@gmail.com", customer_name: "John " },
    link_meta: { notify_url: "https://ee08e626ecd88c61c85f5c69c0418cb5.m.pipedream.net" },
    link_url: "https://payments-test.cashfree.com/links//U1mgll3c0e9g",
    link_expiry_time: "2021-11-28T21:46:20",
    link_notes: { note_key_1: "note_value_1" },
    link_auto_reminders: true,
    link_notify: { send_sms: true, send_email: true },
    order: {
      order_amount: "22.00",
      order_id: "CFPay_U1mgll3c0e9g_ehdcjjbtckf",
      order_expiry_time: "2021-08-18T07:34:50",
      order_hash: "Gb2gC7z0tILhGbZUIeds",
      transaction_id: 1021206,
      transaction_status: "SUCCESS",
    },
  },
  type: "PAYMENT_LINK_EVENT",
  version: 1,
  event_time: "2021-08-18T12:55:06+05:30",
};

describe("PAYMENT_LINK_EVENT", () => {
  it("parses the documented sample: string money to numbers, numeric ids to strings", () => {
    const event = parseWebhookEvent(SAMPLE, "2025-01-01");
    expect(event).toMatchObject({
      kind: "payment_link",
      type: "PAYMENT_LINK_EVENT",
      data: { cf_link_id: "1576977", link_id: "payment_ps11", link_status: "PARTIALLY_PAID", link_amount: 200.12, link_amount_paid: 55, order: { order_amount: 22, transaction_id: "1021206" } },
    });
  });

  it("a cancelled link has no order; an unknown status or a bad amount is refused (kept as unparseable)", () => {
    expect(parseWebhookEvent({ ...SAMPLE, data: { ...SAMPLE.data, link_status: "CANCELLED", order: null } }, "2025-01-01")).toMatchObject({ data: { order: null } });
    expect(parseWebhookEvent({ ...SAMPLE, data: { ...SAMPLE.data, link_status: "GONE" } }, "2025-01-01")).toBeNull();
    expect(parseWebhookEvent({ ...SAMPLE, data: { ...SAMPLE.data, link_amount: "2e3" } }, "2025-01-01")).toBeNull();
  });

  it("merchantOrderIdOf: a link's order settles the link_id, any other order itself", () => {
    expect(merchantOrderIdOf({ order_id: "CFPay_x_y", order_tags: { link_id: "cm_0123456789abcdef", cf_link_id: "9" } })).toBe("cm_0123456789abcdef");
    expect(merchantOrderIdOf({ order_id: "cm_0123456789abcdef", order_tags: { account_id: "acc_1", type: "credit_topup" } })).toBe("cm_0123456789abcdef");
    expect(merchantOrderIdOf({ order_id: "cm_0123456789abcdef", order_tags: null })).toBe("cm_0123456789abcdef");
  });
});
