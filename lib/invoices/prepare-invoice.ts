import { getEnv } from "@/lib/config/env";
import type { BillingProfile } from "@/lib/billing-profile/get-billing-profile";
import { computeInvoice, InvoiceInputError, type InvoiceView } from "@/lib/gst/compute-invoice";
import { newId } from "@/lib/ids";
import { financialYearOf } from "@/lib/money/ist";
import type { OutboxRow } from "@/lib/outbound-webhooks/enqueue-event";

export interface PrepareInvoiceInput {
  accountId: string;
  orderId: string;
  /** GST-inclusive amount received, in paise. */
  totalPaise: bigint;
  description: string;
  /** Credits bought (printed as the quantity); omit for a plan month (quantity 1). */
  quantityCredits?: bigint;
  /** The invoice date; also picks the financial year (and so the number series). */
  issuedAt: Date;
  /** The account's billing profile, read with the order's lock. */
  profile: BillingProfile | null;
  /** The settling payment (printed as "Paid by …"); omitted for invoices not paid through Cashfree. */
  payment?: { method: string | null; cfPaymentId: string };
  /** Other outbox events of the same settlement, written by the numbering statement (saves a round trip). */
  alsoEnqueue?: OutboxRow[];
}

/** An invoice ready to be numbered: everything but its number, which issueInvoices takes at the very end. */
export interface PreparedInvoice {
  id: string;
  /** Id of its `invoice.created` outbox event. */
  eventId: string;
  accountId: string;
  orderId: string;
  financialYear: string;
  issuedAt: Date;
  view: InvoiceView;
  alsoEnqueue: OutboxRow[];
}

export type PrepareInvoiceResult = { ok: true; invoice: PreparedInvoice } | { ok: false; reason: string };

/**
 * Computes the tax invoice snapshot of a settled order (supplier from configuration, recipient from the billing
 * profile now), stored whole later and never recomputed. No database access: numbering is issueInvoices' job.
 * `ok: false` (no profile, invalid data): the caller settles the payment anyway and flags the order.
 */
export function prepareInvoice(input: PrepareInvoiceInput): PrepareInvoiceResult {
  const env = getEnv();
  const profile = input.profile;
  if (!profile) return { ok: false, reason: "invoice_not_issued: the account has no billing profile" };
  let view: InvoiceView;
  try {
    view = computeInvoice({
      totalPaise: input.totalPaise,
      supplier: {
        legalName: env.SUPPLIER_LEGAL_NAME,
        address: env.SUPPLIER_ADDRESS,
        stateCode: env.SUPPLIER_STATE_CODE,
        gstin: env.SUPPLIER_GSTIN,
      },
      recipient: {
        legalName: profile.legalName,
        address: [profile.addressLine1, profile.addressLine2, `${profile.city} ${profile.postalCode}`].filter(Boolean).join("\n"),
        stateCode: profile.stateCode,
        gstin: profile.gstin,
        email: profile.email,
        phone: profile.phone,
      },
      description: input.description,
      quantityCredits: input.quantityCredits,
    });
    if (input.payment) view = { ...view, payment: input.payment };
  } catch (error) {
    if (error instanceof InvoiceInputError) return { ok: false, reason: `invoice_not_issued: ${error.message}` };
    throw error;
  }
  return {
    ok: true,
    invoice: {
      id: newId("inv"),
      eventId: newId("evt"),
      accountId: input.accountId,
      orderId: input.orderId,
      financialYear: financialYearOf(input.issuedAt).fy,
      issuedAt: input.issuedAt,
      view,
      alsoEnqueue: input.alsoEnqueue ?? [],
    },
  };
}
