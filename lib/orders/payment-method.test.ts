import { describe, expect, it } from "vitest";
import { describePaymentMethod, maskCardNumber, storedPaymentMethod } from "./payment-method";

// The samples of Cashfree's "Payment webhooks" page ("Sample payload by payment method"); Get Payments has the same shape.
const card = {
  card: {
    channel: "link",
    card_number: "XXXXXXXXXXXX4738",
    card_network: "visa",
    card_type: "credit_card",
    card_sub_type: "R",
    card_country: "IN",
    card_bank_name: "HDFC Bank",
    card_network_reference_id: "100212023061200000001014824849",
    instrument_id: "8e9cc167-4fe2-4ece-be8d-c1b224e50a23",
    par: "V0010014623022637739353641436",
  },
};
const upi = {
  upi: {
    channel: "collect",
    upi_id: "rishabtated@ybl",
    upi_instrument: "UPI_CREDIT_CARD",
    upi_instrument_number: "masked card number",
    upi_payer_ifsc: "SBI0025434",
    upi_payer_account_number: "XXXXX0231",
  },
};
const emiCard = (type: string) => ({
  card: {
    channel: null,
    card_number: "XXXXXXXXXX8952",
    card_network: null,
    card_type: type,
    card_country: null,
    card_bank_name: "HDFC BANK",
    emi_details: { emi_amount: 1167, emi_tenure: 3, emi_interest: 16.0 },
    card_network_reference_id: null,
  },
});

describe("describePaymentMethod", () => {
  it.each([
    ["upi", upi, "UPI (rishabtated@ybl)"],
    ["upi", { upi: { channel: "collect", upi_id: "name@okhdfc" } }, "UPI (name@okhdfc)"],
    ["upi", { upi: { channel: "intent", upi_id: null } }, "UPI"],
    ["credit_card", card, "Visa credit card •••• 4738"],
    ["debit_card", { card: { ...card.card, card_network: "mastercard", card_type: "debit_card", card_number: "XXXXXXXXXXXX0001" } }, "Mastercard debit card •••• 0001"],
    ["debit_card", { card: { ...card.card, card_network: "rupay", card_type: "debit_card" } }, "RuPay debit card •••• 4738"],
    ["credit_card", { card: { ...card.card, card_network: "amex" } }, "American Express credit card •••• 4738"],
    ["credit_card", { card: { card_number: "XXXXXXXXXXXX1111", card_network: null, card_type: null } }, "Credit card •••• 1111"],
    ["credit_card_emi", emiCard("credit_card_emi"), "Credit card EMI •••• 8952 (HDFC BANK, 3 months)"],
    ["debit_card_emi", emiCard("debit_card_emi"), "Debit card EMI •••• 8952 (HDFC BANK, 3 months)"],
    ["net_banking", { netbanking: { channel: null, netbanking_bank_code: "3022", netbanking_bank_name: "ICICI Bank" } }, "Netbanking (ICICI Bank)"],
    ["net_banking", { netbanking: { channel: null, netbanking_bank_code: "3044" } }, "Netbanking (bank code 3044)"],
    ["wallet", { app: { channel: "AmazonPay", upi_id: null } }, "Wallet (AmazonPay)"],
    ["cardless_emi", { cardless_emi: { channel: null, provider: "flexmoney", phone: "9731117102", emi_details: null } }, "Cardless EMI (flexmoney)"],
    ["pay_later", { pay_later: { channel: null, provider: "olapostpaid", phone: "9731117102" } }, "Pay later (olapostpaid)"],
    ["bank_transfer", { bank_transfer: { transfer_type: "NEFT", bank: "UNION BANK OF INDIA" } }, "Bank transfer (NEFT, UNION BANK OF INDIA)"],
    ["vba_transfer", { vba_transfer: { utr: "MerchantID_utr", remitter_account: "808081pxqp242614HW" } }, "Bank transfer (virtual account)"],
    ["net_banking", null, "Netbanking"],
    ["some_new_group", {}, "Some new group"],
    [null, null, null],
  ] as const)("%s %j → %s", (group, method, expected) => {
    expect(describePaymentMethod(group, method as Record<string, unknown> | null)).toBe(expected);
    // The stored subset describes the payment the same way.
    const stored = storedPaymentMethod(group, method as Record<string, unknown> | null);
    expect(describePaymentMethod(stored.group, stored.method)).toBe(expected);
  });
});

describe("storedPaymentMethod", () => {
  it("keeps only masked, non-secret card fields (no tokens)", () => {
    expect(storedPaymentMethod("credit_card", card)).toEqual({
      group: "credit_card",
      method: {
        card: {
          channel: "link",
          card_number: "XXXXXXXXXXXX4738",
          card_network: "visa",
          card_type: "credit_card",
          card_sub_type: "R",
          card_country: "IN",
          card_bank_name: "HDFC Bank",
        },
      },
    });
  });

  it("keeps the UPI id but not the payer's account, IFSC or instrument number", () => {
    expect(storedPaymentMethod("upi", upi).method).toEqual({ upi: { channel: "collect", upi_id: "rishabtated@ybl", upi_instrument: "UPI_CREDIT_CARD" } });
  });

  it("flattens EMI terms and drops phone numbers and remitter accounts", () => {
    expect(storedPaymentMethod("credit_card_emi", emiCard("credit_card_emi")).method?.card).toMatchObject({ emi_amount: 1167, emi_tenure: 3, emi_interest: 16 });
    expect(storedPaymentMethod("pay_later", { pay_later: { channel: null, provider: "olapostpaid", phone: "9731117102" } }).method).toEqual({
      pay_later: { provider: "olapostpaid" },
    });
    expect(storedPaymentMethod("vba_transfer", { vba_transfer: { remitter_account: "808081pxqp242614HW" } }).method).toEqual({ vba_transfer: {} });
  });

  it("nothing reported → nothing stored", () => {
    expect(storedPaymentMethod(undefined, undefined)).toEqual({ group: null, method: null });
    expect(storedPaymentMethod("upi", { unknown_kind: { secret: "x" } })).toEqual({ group: "upi", method: null });
  });
});

describe("maskCardNumber", () => {
  it.each([
    ["XXXXXXXXXXXX1111", "XXXXXXXXXXXX1111"],
    ["XXXXXXXXXX8952", "XXXXXXXXXX8952"],
    ["4111111111111111", "XXXXXXXXXXXX1111"],
    ["411111XXXXXX1111", "XXXXXXXXXXXX1111"],
    ["XXXXXXXXXXXX", null],
  ])("%s → %s", (input, expected) => {
    expect(maskCardNumber(input)).toBe(expected);
  });
});
