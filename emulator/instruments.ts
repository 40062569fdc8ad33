import type { Instrument, PaymentStatus } from "./state";

export type InstrumentSpec = {
  status: PaymentStatus;
  group: string;
  method: Record<string, unknown>;
  message: string;
  error: { error_code: string; error_description: string; error_reason: string; error_source: string } | null;
};

const successCard = {
  card: {
    channel: "link",
    card_number: "XXXXXXXXXXXX1111",
    card_network: "visa",
    card_type: "credit_card",
    card_sub_type: "R",
    card_country: "IN",
    card_bank_name: "TEST Bank",
    // Network token references, as in the card sample of Cashfree's payment webhook docs (Khata never stores them).
    card_network_reference_id: "100212023061200000001014824849",
    instrument_id: "8e9cc167-4fe2-4ece-be8d-c1b224e50a23",
    par: "V0010014623022637739353641436",
  },
};

/** The sandbox test instruments the hosted checkout offers, and what each one does. */
export const INSTRUMENTS: Record<Instrument, InstrumentSpec> = {
  success_card: {
    status: "SUCCESS",
    group: "credit_card",
    method: successCard,
    message: "Transaction Successful",
    error: null,
  },
  failure_card: {
    status: "FAILED",
    group: "credit_card",
    method: { card: { ...successCard.card, card_number: "XXXXXXXXXXXX0002" } },
    message: "Transaction declined by the issuing bank",
    error: {
      error_code: "TRANSACTION_DECLINED",
      error_description: "transaction is rejected at the issuer bank end. Please reach out to issuer bank",
      error_reason: "bank_rejected",
      error_source: "bank",
    },
  },
  upi_success: {
    status: "SUCCESS",
    group: "upi",
    method: { upi: { channel: "collect", upi_id: "testsuccess@gocash" } },
    message: "00::Transaction success",
    error: null,
  },
  upi_failure: {
    status: "FAILED",
    group: "upi",
    method: { upi: { channel: "collect", upi_id: "testfailure@gocash" } },
    message: "01::REJECTED",
    error: {
      error_code: "TRANSACTION_DECLINED",
      error_description: "transaction is rejected at the remitter bank end. Please reach out to issuer bank",
      error_reason: "bank_rejected",
      error_source: "bank",
    },
  },
  upi_pending: {
    status: "PENDING",
    group: "upi",
    method: { upi: { channel: "collect", upi_id: "testsuccess@gocash" } },
    message: "Transaction pending at the bank",
    error: null,
  },
  upi_expired: {
    status: "FAILED",
    group: "upi",
    method: { upi: { channel: "collect", upi_id: "testsuccess@gocash" } },
    message: "Collect request expired",
    error: {
      error_code: "TRANSACTION_EXPIRED",
      error_description: "the customer did not approve the collect request in time",
      error_reason: "payment_timeout",
      error_source: "customer",
    },
  },
  close: {
    status: "USER_DROPPED",
    group: "credit_card",
    method: successCard,
    message: "User dropped and did not complete the two factor authentication",
    error: {
      error_code: "USER_DROPPED",
      error_description: "user dropped and did not complete the payment",
      error_reason: "user_dropped",
      error_source: "customer",
    },
  },
};

export const OUTCOME_INSTRUMENTS = {
  success: { card: "success_card", upi: "upi_success" },
  failed: { card: "failure_card", upi: "upi_failure" },
  user_dropped: { card: "close", upi: "close" },
  pending: { card: "upi_pending", upi: "upi_pending" },
} as const satisfies Record<string, Record<"card" | "upi", Instrument>>;

export type Outcome = keyof typeof OUTCOME_INSTRUMENTS;
