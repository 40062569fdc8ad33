/**
 * The payment method Cashfree reports for a payment (`payment_group` + `payment_method`, same shape in the
 * payment webhooks and Get Payments), reduced to what Khata may keep and show. Only whitelisted fields are
 * stored: already-masked card digits, network, type, issuing bank, EMI terms, the UPI id (VPA), the netbanking
 * bank, the wallet/app and the pay-later / cardless-EMI provider. Never a full card number, tokens
 * (`instrument_id`, `par`, `card_network_reference_id`), payer account numbers or phone numbers.
 */

export type PaymentMethodDetails = Record<string, Record<string, string | number | null>>;

export interface StoredPaymentMethod {
  group: string | null;
  method: PaymentMethodDetails | null;
}

const KEPT_FIELDS: Record<string, readonly string[]> = {
  card: ["channel", "card_number", "card_network", "card_type", "card_sub_type", "card_country", "card_bank_name"],
  upi: ["channel", "upi_id", "upi_instrument"],
  netbanking: ["channel", "netbanking_bank_code", "netbanking_bank_name"],
  app: ["channel", "provider", "upi_id"],
  cardless_emi: ["channel", "provider"],
  pay_later: ["channel", "provider"],
  bank_transfer: ["transfer_type", "bank"],
  vba_transfer: [],
};
const EMI_FIELDS = ["emi_amount", "emi_tenure", "emi_interest"] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** At most the last four digits survive; anything longer is re-masked (Cashfree masks already; belt and braces). */
export function maskCardNumber(cardNumber: string): string | null {
  const digits = cardNumber.replace(/\D/g, "");
  if (digits.length === 0) return null;
  if (digits.length <= 4 && /^[Xx*•\s-]*\d{1,4}$/.test(cardNumber)) return cardNumber;
  return `XXXXXXXXXXXX${digits.slice(-4)}`;
}

/** The safe subset of Cashfree's `payment_group` / `payment_method`, for the `orders` row. */
export function storedPaymentMethod(group: string | null | undefined, method: Record<string, unknown> | null | undefined): StoredPaymentMethod {
  const kept: PaymentMethodDetails = {};
  for (const [kind, fields] of Object.entries(KEPT_FIELDS)) {
    const raw = method?.[kind];
    if (!isRecord(raw)) continue;
    const out: Record<string, string | number | null> = {};
    for (const field of fields) {
      const value = raw[field];
      if (typeof value === "string" || typeof value === "number") out[field] = value;
    }
    if (typeof out.card_number === "string") out.card_number = maskCardNumber(out.card_number);
    if (kind === "card" || kind === "cardless_emi") {
      const emi = raw.emi_details;
      if (isRecord(emi)) for (const field of EMI_FIELDS) if (typeof emi[field] === "number") out[field] = emi[field] as number;
    }
    kept[kind] = out;
  }
  return { group: group ?? null, method: Object.keys(kept).length > 0 ? kept : null };
}

const NETWORKS: Record<string, string> = {
  visa: "Visa",
  mastercard: "Mastercard",
  master: "Mastercard",
  rupay: "RuPay",
  amex: "American Express",
  diners: "Diners Club",
  maestro: "Maestro",
  discover: "Discover",
  jcb: "JCB",
};

const CARD_TYPES: Record<string, string> = {
  credit_card: "credit card",
  debit_card: "debit card",
  prepaid_card: "prepaid card",
  credit_card_emi: "credit card EMI",
  debit_card_emi: "debit card EMI",
};

const GROUPS: Record<string, string> = {
  upi: "UPI",
  credit_card: "Credit card",
  debit_card: "Debit card",
  prepaid_card: "Prepaid card",
  net_banking: "Netbanking",
  wallet: "Wallet",
  credit_card_emi: "Credit card EMI",
  debit_card_emi: "Debit card EMI",
  cardless_emi: "Cardless EMI",
  pay_later: "Pay later",
  bank_transfer: "Bank transfer",
  vba_transfer: "Bank transfer (virtual account)",
};

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const withDetail = (label: string, details: (string | null)[]) => {
  const shown = details.filter((d): d is string => d !== null);
  return shown.length > 0 ? `${label} (${shown.join(", ")})` : label;
};

function describeCard(card: Record<string, unknown>, group: string | null): string {
  const network = text(card.card_network);
  const type = text(card.card_type) ?? group;
  const typeLabel = (type && CARD_TYPES[type]) ?? "card";
  const label = capitalise([network ? (NETWORKS[network.toLowerCase()] ?? network) : null, typeLabel].filter(Boolean).join(" "));
  const digits = text(card.card_number)?.replace(/\D/g, "").slice(-4);
  const numbered = digits ? `${label} •••• ${digits}` : label;
  const tenure = typeof card.emi_tenure === "number" ? card.emi_tenure : isRecord(card.emi_details) ? card.emi_details.emi_tenure : null;
  const isEmi = typeLabel.endsWith("EMI");
  return withDetail(numbered, [isEmi ? text(card.card_bank_name) : null, isEmi && typeof tenure === "number" ? `${tenure} months` : null]);
}

/**
 * One line for people: "UPI (name@okhdfc)", "Visa credit card •••• 1111", "Netbanking (HDFC Bank)",
 * "Wallet (AmazonPay)"… From the raw Cashfree shape or the stored subset; null when Cashfree said nothing.
 */
export function describePaymentMethod(group: string | null | undefined, method: Record<string, unknown> | null | undefined): string | null {
  const g = text(group);
  const m = isRecord(method) ? method : {};
  if (isRecord(m.card)) return describeCard(m.card, g);
  if (isRecord(m.upi)) return withDetail("UPI", [text(m.upi.upi_id)]);
  if (isRecord(m.netbanking)) {
    const bank = text(m.netbanking.netbanking_bank_name);
    const code = m.netbanking.netbanking_bank_code;
    return withDetail("Netbanking", [bank ?? (code != null && String(code) !== "" ? `bank code ${String(code)}` : null)]);
  }
  if (isRecord(m.app)) return withDetail(g === "wallet" || !g ? "Wallet" : (GROUPS[g] ?? "App"), [text(m.app.channel) ?? text(m.app.provider)]);
  if (isRecord(m.cardless_emi)) return withDetail("Cardless EMI", [text(m.cardless_emi.provider)]);
  if (isRecord(m.pay_later)) return withDetail("Pay later", [text(m.pay_later.provider)]);
  if (isRecord(m.bank_transfer)) return withDetail("Bank transfer", [text(m.bank_transfer.transfer_type), text(m.bank_transfer.bank)]);
  if (isRecord(m.vba_transfer)) return GROUPS.vba_transfer!;
  if (!g) return null;
  return GROUPS[g] ?? capitalise(g.replace(/_/g, " "));
}
