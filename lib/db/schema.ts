import type { PaymentMethodDetails } from "@/lib/orders/payment-method";
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
/** Columns named `updated_at` (orders, webhook deliveries); set explicitly on every update. */
const updatedAt = () => timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const paise = (name: string) => bigint(name, { mode: "bigint" });
const credits = (name: string) => bigint(name, { mode: "bigint" });

// ---------------------------------------------------------------- people and accounts

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    isOperator: boolean("is_operator").notNull().default(false),
    /** Set when the user proved they receive mail at `email` (verification link, or a provider's verified email). */
    emailVerifiedAt: ts("email_verified_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    // Operator search (lib/admin-accounts/search-accounts.ts): part of an email, e.g. the company's domain.
    index("users_email_trgm_idx").using("gin", sql`${t.email} gin_trgm_ops`),
  ],
);

export const accounts = pgTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    plan: text("plan").notNull().default("free"),
    planExpiresAt: ts("plan_expires_at"),
    creditBalance: credits("credit_balance").notNull().default(sql`0`),
    monthlyBudgetCredits: credits("monthly_budget_credits"),
    lowBalanceThresholdCredits: credits("low_balance_threshold_credits"),
    /** Set while the account is suspended (lib/suspensions): its open `account_suspensions` row, copied for the auth joins. */
    suspendedAt: ts("suspended_at"),
    suspensionReason: text("suspension_reason"),
    createdAt: createdAt(),
  },
  (t) => [
    check("accounts_balance_non_negative", sql`${t.creditBalance} >= 0`),
    // Operator search by part of the name (pg_trgm: substring ILIKE through an index).
    index("accounts_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
  ],
);

/** Every suspension and its lifting: who (null = the automatic misuse rule) and when. At most one open per account. */
export const accountSuspensions = pgTable(
  "account_suspensions",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    source: text("source", { enum: ["operator", "automatic"] }).notNull(),
    suspendedByUserId: text("suspended_by_user_id").references(() => users.id, { onDelete: "set null" }),
    suspendedAt: ts("suspended_at").notNull(),
    liftedByUserId: text("lifted_by_user_id").references(() => users.id, { onDelete: "set null" }),
    liftedAt: ts("lifted_at"),
    liftNote: text("lift_note"),
  },
  (t) => [uniqueIndex("account_suspensions_one_open").on(t.accountId).where(sql`${t.liftedAt} is null`)],
);

export const memberships = pgTable(
  "memberships",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "admin", "member"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: ["owner", "admin", "member"] }).notNull(),
    invitedByUserId: text("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** SHA-256 of the link's random token (the token itself is only ever in the link); null: re-issue a link. */
    tokenHash: text("token_hash"),
    expiresAt: ts("expires_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("invitations_account_email_key").on(t.accountId, t.email),
    index("invitations_email_idx").on(t.email),
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
  ],
);

export const emailVerificationTokens = pgTable(
  "email_verification_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The address the link proves; a token for an old address never verifies a changed one. */
    email: text("email").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("email_verification_tokens_hash_key").on(t.tokenHash), index("email_verification_tokens_user_idx").on(t.userId)],
);

/**
 * One row per signed-in browser (the session cookie carries its id). Every request re-reads it with the user,
 * so deleting it ends that session at once on every app instance: sign-out, "sign out everywhere", a password
 * change (all but the current one) and a password reset (all).
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Absolute end: sign-in time + SESSION_MAX_AGE_SECONDS, whatever the cookie's own expiry says. */
    expiresAt: ts("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId), index("user_sessions_expires_idx").on(t.expiresAt)],
);

export const passwordResetTokens = pgTable(
  "password_reset_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The address the link was mailed to; the reset marks it verified, so it must still be the user's. */
    email: text("email").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("password_reset_tokens_hash_key").on(t.tokenHash), index("password_reset_tokens_user_idx").on(t.userId)],
);

// ---------------------------------------------------------------- email

/** Every mail Khata sends, written in the causing transaction and delivered after it commits. */
export const emails = pgTable(
  "emails",
  {
    id: text("id").primaryKey(),
    to: text("to").notNull(),
    template: text("template").notNull(),
    data: jsonb("data").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    sentAt: ts("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("emails_dedupe_key_key").on(t.dedupeKey), index("emails_status_idx").on(t.status)],
);

/**
 * A user's choice about one kind of notification mail for one account (lib/notifications). Only choices differing
 * from the default (on) need a row; the must-go kinds (invoices, security) ignore it.
 */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    enabled: boolean("enabled").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.accountId, t.kind] }), index("notification_preferences_account_idx").on(t.accountId)],
);

export const billingProfiles = pgTable(
  "billing_profiles",
  {
  accountId: text("account_id")
    .primaryKey()
    .references(() => accounts.id, { onDelete: "cascade" }),
  legalName: text("legal_name").notNull(),
  addressLine1: text("address_line1").notNull(),
  addressLine2: text("address_line2"),
  city: text("city").notNull(),
  postalCode: text("postal_code").notNull(),
  stateCode: text("state_code").notNull(),
  phone: text("phone").notNull(),
  email: text("email").notNull(),
  gstin: text("gstin"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  },
  (t) => [
    // Operator search: a GSTIN (stored upper-cased) or billing email exactly, the legal name in part.
    index("billing_profiles_gstin_idx").on(t.gstin),
    index("billing_profiles_email_idx").on(t.email),
    index("billing_profiles_legal_name_trgm_idx").using("gin", sql`${t.legalName} gin_trgm_ops`),
  ],
);

// ---------------------------------------------------------------- credits

/**
 * Append-only. `cause_key` is globally unique: it names the cause (an order, a coupon redemption, a usage
 * event) so that retries and races can never count one cause twice.
 */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    kind: text("kind", {
      // refund / dispute_hold take credits out while money goes back (a hold; a lost dispute keeps it for good);
      // refund_release / dispute_release give a hold back (refund failed, dispute won).
      // payout holds credits withdrawn to a bank account; payout_release gives them back (rejected, failed, reversed).
      enum: ["topup", "plan", "coupon", "adjustment", "usage", "reversal", "refund", "refund_release", "dispute_hold", "dispute_release", "payout", "payout_release"],
    }).notNull(),
    amountCredits: credits("amount_credits").notNull(),
    balanceAfterCredits: credits("balance_after_credits").notNull(),
    causeKey: text("cause_key").notNull(),
    orderId: text("order_id"),
    couponId: text("coupon_id"),
    apiKeyId: text("api_key_id"),
    description: text("description"),
    metadata: jsonb("metadata"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ledger_entries_cause_key").on(t.causeKey),
    index("ledger_entries_account_created_idx").on(t.accountId, t.createdAt, t.id),
    // The credit statement (lib/credits/list-statement.ts): its non-usage lines in order, and its usage days
    // (the next day with usage, a day's sum per key) as index-only scans, so a page costs the same at any depth.
    index("ledger_entries_account_non_usage_idx").on(t.accountId, t.createdAt, t.id).where(sql`${t.kind} <> 'usage'`),
    index("ledger_entries_account_usage_idx").on(t.accountId, t.createdAt, t.amountCredits, t.apiKeyId).where(sql`${t.kind} = 'usage'`),
    check("ledger_entries_balance_after_non_negative", sql`${t.balanceAfterCredits} >= 0`),
    check("ledger_entries_amount_non_zero", sql`${t.amountCredits} <> 0`),
  ],
);

/** Credits consumed per account per IST calendar month, kept in the consuming transaction for budget caps. */
export const monthlyUsage = pgTable(
  "monthly_usage",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    month: text("month").notNull(),
    usedCredits: credits("used_credits").notNull().default(sql`0`),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.month] }), check("monthly_usage_non_negative", sql`${t.usedCredits} >= 0`)],
);

// ---------------------------------------------------------------- orders and payments

export const orders = pgTable(
  "orders",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    /** The key (service or personal) that created the order by API; null for a session's. */
    createdByApiKeyId: text("created_by_api_key_id"),
    type: text("type", { enum: ["credit_topup", "plan_upgrade"] }).notNull(),
    plan: text("plan"),
    credits: credits("credits").notNull(),
    amountPaise: paise("amount_paise").notNull(),
    currency: text("currency").notNull().default("INR"),
    status: text("status", { enum: ["ACTIVE", "PAID", "FAILED", "USER_DROPPED", "EXPIRED", "TERMINATED"] })
      .notNull()
      .default("ACTIVE"),
    cashfreeEnv: text("cashfree_env").notNull(),
    cfOrderId: text("cf_order_id"),
    paymentSessionId: text("payment_session_id"),
    expiresAt: ts("expires_at"),
    cfPaymentId: text("cf_payment_id"),
    paidAt: ts("paid_at"),
    paidAmountPaise: paise("paid_amount_paise"),
    /** Cashfree's payment_group and the safe subset of payment_method of the settling payment (lib/orders/payment-method.ts). */
    paymentGroup: text("payment_group"),
    paymentMethod: jsonb("payment_method").$type<PaymentMethodDetails>(),
    flaggedForReview: boolean("flagged_for_review").notNull().default(false),
    reviewReason: text("review_reason"),
    replacesOrderId: text("replaces_order_id"),
    replacedByOrderId: text("replaced_by_order_id"),
    /** A pay-in (POST /api/v1/payments): paid through a Cashfree payment link whose link_id is this order's id. */
    paymentLink: boolean("payment_link").notNull().default(false),
    /** The caller's own id of a pay-in, unique per account (`duplicate_order_id`). */
    reference: text("reference"),
    cfLinkId: text("cf_link_id"),
    linkUrl: text("link_url"),
    /** Who pays a pay-in (a finance team, a customer's customer), as the caller named them. */
    payerName: text("payer_name"),
    payerEmail: text("payer_email"),
    payerPhone: text("payer_phone"),
    /**
     * A pay-in's paying Cashfree order (`CFPay_…`, opened by the link; set at settlement): Cashfree knows the payment,
     * its refunds and disputes under it, not under our id (lib/orders/cashfree-order-id.ts).
     */
    cfPayingOrderId: text("cf_paying_order_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("orders_account_reference_idx").on(t.accountId, t.reference).where(sql`${t.reference} is not null`),
    index("orders_account_created_idx").on(t.accountId, t.createdAt, t.id),
    // Payment history sorted by amount / paid_at (lib/orders/list-history.ts): each sort's full key, id last, so
    // offset pages are index scans and cursor pages index range scans. paid_at sorts put NULLs last in both
    // directions, i.e. a different coalesce sentinel per direction, hence one expression index per direction.
    index("orders_account_amount_idx").on(t.accountId, t.amountPaise, t.createdAt, t.id),
    index("orders_account_paid_desc_idx").on(t.accountId, sql`coalesce(${t.paidAt}, '-infinity'::timestamptz)`, t.createdAt, t.id),
    index("orders_account_paid_asc_idx").on(t.accountId, sql`coalesce(${t.paidAt}, 'infinity'::timestamptz)`, t.createdAt, t.id),
    index("orders_account_status_idx").on(t.accountId, t.status),
    index("orders_flagged_idx").on(t.flaggedForReview),
    // Operator search by Cashfree's own order id.
    index("orders_cf_order_idx").on(t.cfOrderId),
    // Dispute webhooks on a pay-in name its paying order.
    index("orders_cf_paying_order_idx").on(t.cfPayingOrderId).where(sql`${t.cfPayingOrderId} is not null`),
    // The sweeper (lib/orders/sweep-active-orders.ts): open orders, oldest first.
    index("orders_open_created_idx").on(t.createdAt, t.id).where(sql`${t.status} in ('ACTIVE', 'FAILED', 'USER_DROPPED')`),
    check("orders_amount_positive", sql`${t.amountPaise} >= 100`),
  ],
);

/** Every Cashfree webhook we accepted (signature valid), once per event key. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    eventKey: text("event_key").notNull(),
    eventType: text("event_type").notNull(),
    orderId: text("order_id"),
    cfPaymentId: text("cf_payment_id"),
    paymentStatus: text("payment_status"),
    outcome: text("outcome"),
    payload: jsonb("payload").notNull(),
    receivedAt: createdAt(),
    /** Set when the settlement job has applied the event (the inbox: recorded by the webhook, settled by a job). */
    settledAt: ts("settled_at"),
    /** Settlement attempts that threw (rolled back to the event's savepoint); the last error is kept for operators. */
    settleAttempts: integer("settle_attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [
    uniqueIndex("webhook_events_event_key").on(t.eventKey),
    index("webhook_events_order_idx").on(t.orderId),
    index("webhook_events_unsettled_idx").on(t.receivedAt, t.id).where(sql`settled_at is null`),
  ],
);

// ---------------------------------------------------------------- invoices

/** Gap-free numbering: one row per Indian financial year, incremented inside the settling transaction. */
export const invoiceCounters = pgTable("invoice_counters", {
  financialYear: text("financial_year").primaryKey(),
  lastNumber: integer("last_number").notNull().default(0),
});

export const invoices = pgTable(
  "invoices",
  {
    id: text("id").primaryKey(),
    invoiceNumber: text("invoice_number").notNull(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    financialYear: text("financial_year").notNull(),
    sequenceNumber: integer("sequence_number").notNull(),
    issuedAt: ts("issued_at").notNull(),
    taxablePaise: paise("taxable_paise").notNull(),
    cgstPaise: paise("cgst_paise").notNull(),
    sgstPaise: paise("sgst_paise").notNull(),
    igstPaise: paise("igst_paise").notNull(),
    /** ±1 paisa where no taxable value splits the total exactly (lib/gst/split-inclusive.ts); 0 before exact GST. */
    roundOffPaise: paise("round_off_paise").notNull().default(sql`0`),
    totalPaise: paise("total_paise").notNull(),
    snapshot: jsonb("snapshot").notNull(),
    /** e-invoice (lib/e-invoice): the IRP's Invoice Reference Number, acknowledgement and signed QR, once registered. */
    irn: text("irn"),
    irnAckNo: text("irn_ack_no"),
    irnAckAt: ts("irn_ack_at"),
    irnSignedQr: text("irn_signed_qr"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("invoices_number_key").on(t.invoiceNumber),
    uniqueIndex("invoices_order_key").on(t.orderId),
    uniqueIndex("invoices_fy_seq_key").on(t.financialYear, t.sequenceNumber),
    index("invoices_account_issued_idx").on(t.accountId, t.issuedAt, t.id),
    // GET /api/v1/invoices order (lib/invoices/list-invoices.ts): issued_at, then invoice number.
    index("invoices_account_issued_number_idx").on(t.accountId, t.issuedAt, t.financialYear, t.sequenceNumber),
    check("invoices_total_adds_up", sql`${t.taxablePaise} + ${t.cgstPaise} + ${t.sgstPaise} + ${t.igstPaise} + ${t.roundOffPaise} = ${t.totalPaise}`),
  ],
);

/** PostgreSQL `bytea` as a Node Buffer (node-postgres parses it to one). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * The rendered file of an immutable document (invoices now; credit notes and receipts later), stored once: the
 * bytes and their SHA-256 are the document of record, served as they are. One table for every kind, keyed by
 * (kind, document id), keeps the documents' own rows small (invoice lists never carry a 30 KB PDF) and lets
 * every kind share the render-once and download code (lib/documents). The account is stored for ownership and
 * so that an account's deletion removes its files (a document id cannot reference every kind's table).
 */
export const documentRenderings = pgTable(
  "document_renderings",
  {
    kind: text("kind", { enum: ["invoice", "credit_note", "receipt"] }).notNull(),
    documentId: text("document_id").notNull(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    contentType: text("content_type").notNull(),
    bytes: bytea("bytes").notNull(),
    /** Lowercase hex SHA-256 of `bytes`; the download's ETag. */
    sha256: text("sha256").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.documentId] }),
    check("document_renderings_kind_known", sql`${t.kind} in ('invoice', 'credit_note', 'receipt')`),
    check("document_renderings_sha256_hex", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

// ---------------------------------------------------------------- money going back

/**
 * A refund of unused credits from a paid order. `requested` (by an owner/admin) → `rejected`, or → `pending`
 * (approved: the credits are held in the ledger, cause `refund:<id>`, and a Cashfree refund is created with
 * refund_id = id) → `succeeded` (a credit note is issued) or `failed` (the hold is given back, cause
 * `refund:<id>:release`). An operator's own refund starts at `pending`.
 */
export const refunds = pgTable(
  "refunds",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    credits: credits("credits").notNull(),
    /** GST-inclusive money sent back (the order's price of these credits). */
    amountPaise: paise("amount_paise").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: ["requested", "rejected", "pending", "succeeded", "failed"] }).notNull(),
    /** Who asked: an account member (`account`) or a platform operator on their own initiative (`operator`). */
    initiatedBy: text("initiated_by", { enum: ["account", "operator"] }).notNull(),
    requestedByUserId: text("requested_by_user_id").references(() => users.id, { onDelete: "set null" }),
    decidedByUserId: text("decided_by_user_id").references(() => users.id, { onDelete: "set null" }),
    decidedAt: ts("decided_at"),
    rejectionReason: text("rejection_reason"),
    cfRefundId: text("cf_refund_id"),
    /** Cashfree's last reported refund_status (PENDING, ONHOLD, SUCCESS, CANCELLED, FAILED). */
    cfRefundStatus: text("cf_refund_status"),
    refundArn: text("refund_arn"),
    failureReason: text("failure_reason"),
    completedAt: ts("completed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("refunds_account_created_idx").on(t.accountId, t.createdAt, t.id),
    index("refunds_order_idx").on(t.orderId),
    index("refunds_status_idx").on(t.status),
    check("refunds_credits_positive", sql`${t.credits} > 0`),
    check("refunds_amount_positive", sql`${t.amountPaise} > 0`),
  ],
);

/**
 * A Cashfree dispute (chargeback, retrieval, pre-arbitration…) on an order. `held_credits` were taken out of the
 * balance when it opened (cause `dispute:<id>`); `unheld_credits` of the disputed amount the balance could not
 * cover (the order is flagged). Won → the hold is given back (`dispute:<id>:release`); lost or accepted → it stays
 * and a credit note is issued.
 */
export const disputes = pgTable(
  "disputes",
  {
    id: text("id").primaryKey(),
    cfDisputeId: text("cf_dispute_id").notNull(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    disputeType: text("dispute_type").notNull(),
    /** Cashfree's last reported dispute_status. */
    cfStatus: text("cf_status").notNull(),
    amountPaise: paise("amount_paise").notNull(),
    heldCredits: credits("held_credits").notNull().default(sql`0`),
    unheldCredits: credits("unheld_credits").notNull().default(sql`0`),
    reasonCode: text("reason_code"),
    reasonDescription: text("reason_description"),
    respondBy: ts("respond_by"),
    /** Khata's reading of the status: open until Cashfree closes it one way or the other. */
    resolution: text("resolution", { enum: ["open", "won", "lost"] }).notNull().default("open"),
    resolvedAt: ts("resolved_at"),
    /** The operator's answer: accepted, or contested with evidence (text and documents sent to Cashfree). */
    response: text("response", { enum: ["accepted", "contested"] }),
    respondedByUserId: text("responded_by_user_id").references(() => users.id, { onDelete: "set null" }),
    respondedAt: ts("responded_at"),
    evidence: jsonb("evidence"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("disputes_cf_dispute_key").on(t.cfDisputeId),
    index("disputes_account_idx").on(t.accountId, t.createdAt),
    index("disputes_order_idx").on(t.orderId),
    index("disputes_resolution_idx").on(t.resolution),
    check("disputes_held_non_negative", sql`${t.heldCredits} >= 0 and ${t.unheldCredits} >= 0`),
  ],
);

/** Gap-free credit note numbering, one row per financial year (its own series, separate from invoices). */
export const creditNoteCounters = pgTable("credit_note_counters", {
  financialYear: text("financial_year").primaryKey(),
  lastNumber: integer("last_number").notNull().default(0),
});

/**
 * A GST credit note (CGST Act s.34, Rule 53) against one invoice, for a completed refund or a lost dispute.
 * Immutable once issued; the snapshot is what the PDF prints. The sum of an invoice's credit notes never exceeds
 * the invoice (checked in the issuing transaction, under the invoice's row lock).
 */
export const creditNotes = pgTable(
  "credit_notes",
  {
    id: text("id").primaryKey(),
    creditNoteNumber: text("credit_note_number").notNull(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    invoiceId: text("invoice_id")
      .notNull()
      .references(() => invoices.id),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    refundId: text("refund_id").references(() => refunds.id),
    disputeId: text("dispute_id").references(() => disputes.id),
    /** A cancelled offline payment (lib/offline-payments): the third possible cause. */
    offlinePaymentId: text("offline_payment_id").references((): AnyPgColumn => offlinePayments.id),
    /** A processed payout (lib/payouts): one note per order the payout's credits were allocated to. */
    payoutId: text("payout_id").references((): AnyPgColumn => payouts.id),
    financialYear: text("financial_year").notNull(),
    sequenceNumber: integer("sequence_number").notNull(),
    issuedAt: ts("issued_at").notNull(),
    reason: text("reason").notNull(),
    taxablePaise: paise("taxable_paise").notNull(),
    cgstPaise: paise("cgst_paise").notNull(),
    sgstPaise: paise("sgst_paise").notNull(),
    igstPaise: paise("igst_paise").notNull(),
    /** ±1 paisa where no taxable value splits the total exactly (lib/gst/split-inclusive.ts); 0 before exact GST. */
    roundOffPaise: paise("round_off_paise").notNull().default(sql`0`),
    totalPaise: paise("total_paise").notNull(),
    snapshot: jsonb("snapshot").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("credit_notes_number_key").on(t.creditNoteNumber),
    uniqueIndex("credit_notes_fy_seq_key").on(t.financialYear, t.sequenceNumber),
    uniqueIndex("credit_notes_refund_key").on(t.refundId),
    uniqueIndex("credit_notes_dispute_key").on(t.disputeId),
    uniqueIndex("credit_notes_offline_payment_key").on(t.offlinePaymentId),
    uniqueIndex("credit_notes_payout_order_key").on(t.payoutId, t.orderId),
    index("credit_notes_invoice_idx").on(t.invoiceId),
    index("credit_notes_account_issued_idx").on(t.accountId, t.issuedAt, t.financialYear, t.sequenceNumber),
    check("credit_notes_total_adds_up", sql`${t.taxablePaise} + ${t.cgstPaise} + ${t.sgstPaise} + ${t.igstPaise} + ${t.roundOffPaise} = ${t.totalPaise}`),
    check("credit_notes_total_positive", sql`${t.totalPaise} > 0`),
    check(
      "credit_notes_one_cause",
      sql`(${t.refundId} is not null)::int + (${t.disputeId} is not null)::int + (${t.offlinePaymentId} is not null)::int + (${t.payoutId} is not null)::int = 1`,
    ),
  ],
);

// ---------------------------------------------------------------- coupons

export const coupons = pgTable(
  "coupons",
  {
    id: text("id").primaryKey(),
    code: text("code").notNull(),
    credits: credits("credits").notNull(),
    validFrom: ts("valid_from").notNull(),
    validUntil: ts("valid_until"),
    maxRedemptions: integer("max_redemptions"),
    redemptionCount: integer("redemption_count").notNull().default(0),
    disabledAt: ts("disabled_at"),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("coupons_code_key").on(t.code),
    check("coupons_credits_positive", sql`${t.credits} > 0`),
    check("coupons_within_limit", sql`${t.maxRedemptions} is null or ${t.redemptionCount} <= ${t.maxRedemptions}`),
  ],
);

export const couponRedemptions = pgTable(
  "coupon_redemptions",
  {
    couponId: text("coupon_id")
      .notNull()
      .references(() => coupons.id),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    redeemedByUserId: text("redeemed_by_user_id"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.couponId, t.accountId] })],
);

// ---------------------------------------------------------------- idempotency (Idempotency-Key on POST)

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    state: text("state", { enum: ["running", "done"] }).notNull(),
    responseStatus: integer("response_status"),
    /** The first response's body exactly as sent (its bytes are replayed), and the headers a replay repeats. */
    responseText: text("response_text"),
    responseHeaders: jsonb("response_headers").$type<Record<string, string>>(),
    lockedUntil: ts("locked_until"),
    createdAt: createdAt(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index("idempotency_keys_expires_idx").on(t.expiresAt)],
);

// ---------------------------------------------------------------- machine access

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    /**
     * 'service': the account's key, managed by owners/admins, for the machine endpoints. 'personal': one member's
     * own key for this account, acting with that member's current role (docs/ACCOUNTS.md).
     */
    kind: text("kind", { enum: ["service", "personal"] }).notNull().default("service"),
    /** The member a personal key belongs to (null for service keys). */
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    lastUsedAt: ts("last_used_at"),
    revokedAt: ts("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("api_keys_hash_key").on(t.keyHash),
    index("api_keys_account_idx").on(t.accountId),
    /** One active personal key per member and account. */
    uniqueIndex("api_keys_one_personal").on(t.accountId, t.userId).where(sql`${t.kind} = 'personal' and ${t.revokedAt} is null`),
    check("api_keys_personal_has_user", sql`(${t.kind} = 'personal') = (${t.userId} is not null)`),
  ],
);

/** Fixed-window counters shared by every app instance. */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: text("key").primaryKey(),
  points: integer("points").notNull(),
  expiresAt: ts("expires_at").notNull(),
});

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    events: text("events").array().notNull(),
    secretCiphertext: text("secret_ciphertext").notNull(),
    previousSecretCiphertext: text("previous_secret_ciphertext"),
    previousSecretExpiresAt: ts("previous_secret_expires_at"),
    disabledAt: ts("disabled_at"),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_endpoints_account_idx").on(t.accountId)],
);

/** Outbox: written in the same transaction as the change that caused the event. */
export const outboxEvents = pgTable(
  "outbox_events",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    eventType: text("event_type").notNull(),
    causeKey: text("cause_key").notNull(),
    payload: jsonb("payload").notNull(),
    fannedOutAt: ts("fanned_out_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("outbox_events_cause_key").on(t.causeKey), index("outbox_events_pending_idx").on(t.fannedOutAt)],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: text("event_id")
      .notNull()
      .references(() => outboxEvents.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["pending", "succeeded", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    lockedUntil: ts("locked_until"),
    lastStatusCode: integer("last_status_code"),
    lastLatencyMs: integer("last_latency_ms"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_endpoint_event_key").on(t.endpointId, t.eventId),
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

// ---------------------------------------------------------------- reconciliation

/**
 * One reconciliation of a period against Cashfree's settlements (lib/reconciliation): by the daily cron job
 * (`triggered_by` 'cron') or an operator (`operator`, with who). Counts are written when it finishes.
 */
export const reconciliationRuns = pgTable(
  "reconciliation_runs",
  {
    id: text("id").primaryKey(),
    periodStart: ts("period_start").notNull(),
    periodEnd: ts("period_end").notNull(),
    triggeredBy: text("triggered_by", { enum: ["cron", "operator"] }).notNull(),
    requestedByUserId: text("requested_by_user_id").references(() => users.id, { onDelete: "set null" }),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed"] }).notNull().default("queued"),
    requestedAt: ts("requested_at").notNull(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    /** PAID orders and succeeded refunds of the period checked, Cashfree recon lines read, mismatches found. */
    ordersChecked: integer("orders_checked").notNull().default(0),
    refundsChecked: integer("refunds_checked").notNull().default(0),
    settlementEventsRead: integer("settlement_events_read").notNull().default(0),
    mismatchCount: integer("mismatch_count").notNull().default(0),
    error: text("error"),
  },
  (t) => [index("reconciliation_runs_requested_idx").on(t.requestedAt, t.id), check("reconciliation_runs_period", sql`${t.periodStart} < ${t.periodEnd}`)],
);

export const reconciliationMismatches = pgTable(
  "reconciliation_mismatches",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => reconciliationRuns.id, { onDelete: "cascade" }),
    kind: text("kind", {
      enum: ["not_settled", "unknown_settlement", "amount_mismatch", "refund_missing_at_cashfree", "refund_missing_here"],
    }).notNull(),
    orderId: text("order_id"),
    cfPaymentId: text("cf_payment_id"),
    refundId: text("refund_id"),
    cfSettlementId: text("cf_settlement_id"),
    settlementUtr: text("settlement_utr"),
    expectedPaise: paise("expected_paise"),
    actualPaise: paise("actual_paise"),
    detail: text("detail").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("reconciliation_mismatches_run_idx").on(t.runId, t.id)],
);

// ---------------------------------------------------------------- offline payments

/** Gap-free receipt numbering of offline payments, one row per financial year (of the recording date). */
export const offlineReceiptCounters = pgTable("offline_receipt_counters", {
  financialYear: text("financial_year").primaryKey(),
  lastNumber: integer("last_number").notNull().default(0),
});

/**
 * A payment received outside Cashfree (NEFT, cheque, DD, cash, card), recorded by an operator. Recording creates
 * a PAID `orders` row (cashfree_env 'offline') so credits, plan and the GST invoice go through the online path
 * unchanged. The receipt number is `prefix || seq || suffix`; status moves Paid → CancelRequest → Cancelled | Paid.
 */
export const offlinePayments = pgTable(
  "offline_payments",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    amountPaise: paise("amount_paise").notNull(),
    mode: text("mode", { enum: ["Cash", "Cheque", "DD", "Card", "Bank", "Online"] }).notNull(),
    /** The IST calendar date the money was received. */
    paidOn: date("paid_on", { mode: "string" }).notNull(),
    reference: text("reference"),
    paysFor: text("pays_for", { enum: ["credit_topup", "plan"] }).notNull(),
    plan: text("plan"),
    credits: credits("credits").notNull(),
    status: text("status", { enum: ["Paid", "CancelRequest", "Cancelled"] })
      .notNull()
      .default("Paid"),
    receiptPrefix: text("receipt_prefix").notNull(),
    receiptSeq: integer("receipt_seq").notNull(),
    receiptSuffix: text("receipt_suffix").notNull(),
    receiptNumber: text("receipt_number").notNull(),
    financialYear: text("financial_year").notNull(),
    recordedByUserId: text("recorded_by_user_id")
      .notNull()
      .references(() => users.id),
    recordedAt: ts("recorded_at").notNull(),
    cancelRequestedByUserId: text("cancel_requested_by_user_id").references(() => users.id),
    cancelRequestedAt: ts("cancel_requested_at"),
    cancelReason: text("cancel_reason"),
    cancelDecidedByUserId: text("cancel_decided_by_user_id").references(() => users.id),
    cancelDecidedAt: ts("cancel_decided_at"),
    /** approved | rejected: the last decision (a rejected request may be requested again). */
    cancelDecision: text("cancel_decision", { enum: ["approved", "rejected"] }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("offline_payments_order_key").on(t.orderId),
    uniqueIndex("offline_payments_fy_seq_key").on(t.financialYear, t.receiptSeq),
    uniqueIndex("offline_payments_receipt_number_key").on(t.receiptNumber),
    index("offline_payments_account_idx").on(t.accountId, t.id),
    index("offline_payments_status_idx").on(t.status),
    check("offline_payments_amount_min", sql`${t.amountPaise} >= 100`),
    check("offline_payments_credits_positive", sql`${t.credits} > 0`),
    check("offline_payments_reference_length", sql`${t.reference} is null or length(${t.reference}) <= 255`),
    check("offline_payments_receipt_length", sql`length(${t.receiptNumber}) <= 16`),
    check("offline_payments_plan_given", sql`(${t.paysFor} = 'plan') = (${t.plan} is not null)`),
    check("offline_payments_maker_checker", sql`${t.cancelDecidedByUserId} is null or ${t.cancelDecidedByUserId} <> ${t.cancelRequestedByUserId}`),
  ],
);

// ---------------------------------------------------------------- payouts (withdrawals of unused credits)

/**
 * An account's withdrawal of unused prepaid credits to a bank account (seed 001 `POST /payouts`). The credits are
 * held at request time (ledger cause `payout:<id>`); operators approve (two different ones above the configured
 * limit) or reject; an approved payout is a Cashfree Payouts transfer whose transfer_id is this id. Status:
 * requested → approved → processing → processed | failed | reversed; requested → rejected. Failed, reversed and
 * rejected give the hold back once (`payout:<id>:release`).
 */
export const payouts = pgTable(
  "payouts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    credits: credits("credits").notNull(),
    /** GST-inclusive money paid out: the price the account paid for these credits (sum of the allocations). */
    amountPaise: paise("amount_paise").notNull(),
    status: text("status", { enum: ["requested", "approved", "processing", "processed", "failed", "reversed", "rejected"] }).notNull(),
    beneficiaryName: text("beneficiary_name").notNull(),
    /** Stored whole (Cashfree needs it); shown masked (payout-view.ts). */
    bankAccountNumber: text("bank_account_number").notNull(),
    bankIfsc: text("bank_ifsc").notNull(),
    /** The Cashfree beneficiary_id (derived from the account and the bank details: one per destination). */
    cfBeneficiaryId: text("cf_beneficiary_id").notNull(),
    note: text("note"),
    requestedByUserId: text("requested_by_user_id").references(() => users.id, { onDelete: "set null" }),
    requestedByApiKeyId: text("requested_by_api_key_id"),
    /** Above PAYOUT_SECOND_APPROVAL_ABOVE_PAISE two different operators approve (maker ≠ checker). */
    approvalsRequired: integer("approvals_required").notNull(),
    firstApprovedByUserId: text("first_approved_by_user_id").references(() => users.id),
    firstApprovedAt: ts("first_approved_at"),
    secondApprovedByUserId: text("second_approved_by_user_id").references(() => users.id),
    secondApprovedAt: ts("second_approved_at"),
    rejectedByUserId: text("rejected_by_user_id").references(() => users.id),
    rejectedAt: ts("rejected_at"),
    rejectionReason: text("rejection_reason"),
    cfTransferId: text("cf_transfer_id"),
    /** Cashfree's last reported transfer status (RECEIVED, PENDING, SUCCESS, FAILED, REJECTED, REVERSED…). */
    cfStatus: text("cf_status"),
    cfStatusCode: text("cf_status_code"),
    transferUtr: text("transfer_utr"),
    failureReason: text("failure_reason"),
    completedAt: ts("completed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("payouts_account_created_idx").on(t.accountId, t.createdAt, t.id),
    index("payouts_status_idx").on(t.status, t.createdAt),
    check("payouts_credits_positive", sql`${t.credits} > 0`),
    check("payouts_amount_positive", sql`${t.amountPaise} > 0`),
    check("payouts_approvals_required", sql`${t.approvalsRequired} in (1, 2)`),
    check("payouts_maker_checker", sql`${t.secondApprovedByUserId} is null or ${t.secondApprovedByUserId} <> ${t.firstApprovedByUserId}`),
  ],
);

/**
 * Which paid top-ups a payout's credits came from (newest first, see docs/BILLING.md), and the money of each: the
 * credit notes are issued per allocation. Allocations of payouts not released count against an order's refundable
 * credits (lib/refunds/refund-rules.ts), as refunds count against a payout's.
 */
export const payoutAllocations = pgTable(
  "payout_allocations",
  {
    payoutId: text("payout_id")
      .notNull()
      .references(() => payouts.id, { onDelete: "cascade" }),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    credits: credits("credits").notNull(),
    amountPaise: paise("amount_paise").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.payoutId, t.orderId] }),
    index("payout_allocations_order_idx").on(t.orderId),
    check("payout_allocations_positive", sql`${t.credits} > 0 and ${t.amountPaise} > 0`),
  ],
);

/**
 * What an operator did about a flagged order (/operator/orders): dismissed it with a reason, or settled it after
 * Cashfree said PAID. Who and when, one row per decision; the order's flag is cleared in the same transaction.
 */
export const orderReviewDecisions = pgTable(
  "order_review_decisions",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    decision: text("decision", { enum: ["dismissed", "settled"] }).notNull(),
    reason: text("reason").notNull(),
    /** The flag's reason(s) when the decision was taken. */
    reviewReason: text("review_reason"),
    decidedByUserId: text("decided_by_user_id")
      .notNull()
      .references(() => users.id),
    decidedAt: ts("decided_at").notNull(),
  },
  (t) => [index("order_review_decisions_order_idx").on(t.orderId, t.decidedAt), index("order_review_decisions_account_idx").on(t.accountId, t.decidedAt)],
);

// ---------------------------------------------------------------- audit and adjustments

/**
 * Append-only record of every action that changes money, access or configuration (lib/audit). Written in the same
 * transaction as the change by `recordAudit`; a trigger (migration `audit_log_append_only`) refuses UPDATE, DELETE
 * and TRUNCATE. `before`/`after` hold only the fields that changed. No foreign keys: the log outlives what it names.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    at: ts("at").notNull().defaultNow(),
    accountId: text("account_id"),
    actorKind: text("actor_kind", { enum: ["user", "api_key", "operator", "system"] }).notNull(),
    actorId: text("actor_id"),
    requestId: text("request_id"),
    ip: text("ip"),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [
    index("audit_log_account_idx").on(t.accountId, t.id),
    index("audit_log_action_idx").on(t.action, t.id),
    index("audit_log_actor_idx").on(t.actorId, t.id),
    index("audit_log_at_idx").on(t.at),
  ],
);

/**
 * A credit adjustment: proposed by one operator, applied only when approved (by a second, different operator above
 * the configured limit). Approval writes one ledger entry, cause `adjustment:<id>`. proposed → applied | rejected.
 */
export const creditAdjustments = pgTable(
  "credit_adjustments",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    direction: text("direction", { enum: ["grant", "debit"] }).notNull(),
    credits: credits("credits").notNull(),
    reason: text("reason").notNull(),
    reference: text("reference"),
    status: text("status", { enum: ["proposed", "applied", "rejected"] })
      .notNull()
      .default("proposed"),
    proposedByUserId: text("proposed_by_user_id")
      .notNull()
      .references(() => users.id),
    proposedAt: ts("proposed_at").notNull(),
    decidedByUserId: text("decided_by_user_id").references(() => users.id),
    decidedAt: ts("decided_at"),
    rejectionReason: text("rejection_reason"),
    ledgerEntryId: bigint("ledger_entry_id", { mode: "bigint" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("credit_adjustments_status_idx").on(t.status, t.id),
    index("credit_adjustments_account_idx").on(t.accountId, t.id),
    check("credit_adjustments_credits_positive", sql`${t.credits} > 0`),
    check("credit_adjustments_decided", sql`(${t.status} = 'proposed') = (${t.decidedAt} is null)`),
  ],
);

/**
 * A plan's renewal mandate on Cashfree Subscriptions (lib/subscriptions): one per account at most that is not
 * cancelled. `current_period_end` is the end of the paid period the next charge renews; `next_charge_at` when
 * the renewal job raises it (the pre-debit notice goes out at least 24 h before).
 */
export const subscriptions = pgTable(
  "subscriptions",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    plan: text("plan").notNull(),
    /** Our subscription_id on Cashfree (= id) and Cashfree's own. */
    cfSubscriptionId: text("cf_subscription_id"),
    cfSessionId: text("cf_session_id"),
    cashfreeEnv: text("cashfree_env").notNull(),
    status: text("status", { enum: ["pending_authorization", "active", "past_due", "cancelled", "authorization_failed"] })
      .notNull()
      .default("pending_authorization"),
    maxAmountPaise: paise("max_amount_paise").notNull(),
    mandateAuthorisedAt: ts("mandate_authorised_at"),
    currentPeriodEnd: ts("current_period_end"),
    nextChargeAt: ts("next_charge_at"),
    /** A downgrade the owner scheduled for the next cycle (lib/subscriptions/change-plan.ts): its notice and charge use it. */
    scheduledPlan: text("scheduled_plan"),
    /** The owner cancelled at the period's end: no further charge; the mandate is cancelled when the period ends. */
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("subscriptions_one_live_per_account").on(t.accountId).where(sql`${t.status} not in ('cancelled', 'authorization_failed')`),
    index("subscriptions_due_idx").on(t.nextChargeAt).where(sql`${t.status} = 'active'`),
    check("subscriptions_max_amount_positive", sql`${t.maxAmountPaise} >= 100`),
  ],
);

/**
 * A plan change with a prorated or scheduled effect (lib/subscriptions/change-plan.ts), tied to the plan order that
 * pays it: settlement (lib/orders/apply-payment.ts) applies the change instead of the one-off purchase rule.
 * - upgrade: paid now, prorated over [period_start, period_end) (the current period, whose end stays); one open
 *   (pending) upgrade per account, cycle and target plan.
 * - downgrade: the renewal that starts the lower plan at period_start (the current period's end).
 */
export const planChanges = pgTable(
  "plan_changes",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["upgrade", "downgrade"] }).notNull(),
    fromPlan: text("from_plan").notNull(),
    toPlan: text("to_plan").notNull(),
    orderId: text("order_id").notNull(),
    cycleKey: text("cycle_key").notNull(),
    periodStart: ts("period_start").notNull(),
    periodEnd: ts("period_end").notNull(),
    daysCharged: integer("days_charged").notNull(),
    daysInPeriod: integer("days_in_period").notNull(),
    amountPaise: paise("amount_paise").notNull(),
    credits: credits("credits").notNull(),
    /** pending: not paid; paid: settled (a downgrade waits for period_start); applied: the plan switched; void: replaced or stale. */
    status: text("status", { enum: ["pending", "paid", "applied", "void"] })
      .notNull()
      .default("pending"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("plan_changes_order_idx").on(t.orderId),
    uniqueIndex("plan_changes_one_open_upgrade").on(t.accountId, t.cycleKey, t.toPlan).where(sql`${t.kind} = 'upgrade' and ${t.status} = 'pending'`),
    index("plan_changes_due_idx").on(t.periodStart).where(sql`${t.kind} = 'downgrade' and ${t.status} = 'paid'`),
  ],
);

/**
 * One renewal charge per account and cycle: `cycle_key` (the period end it renews, as an IST date) is unique per
 * account, and `payment_id` (Cashfree's idempotency key) is derived from it, so racing workers raise one charge.
 */
export const subscriptionCharges = pgTable(
  "subscription_charges",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    subscriptionId: text("subscription_id")
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    cycleKey: text("cycle_key").notNull(),
    /** Our payment_id on Cashfree; also the plan order's id that the charge settles. */
    paymentId: text("payment_id").notNull(),
    orderId: text("order_id").notNull(),
    cfPaymentId: text("cf_payment_id"),
    status: text("status", { enum: ["notified", "raised", "succeeded", "failed"] })
      .notNull()
      .default("notified"),
    amountPaise: paise("amount_paise").notNull(),
    attempts: integer("attempts").notNull().default(0),
    preDebitNotifiedAt: ts("pre_debit_notified_at").notNull(),
    chargeAt: ts("charge_at").notNull(),
    failureReason: text("failure_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("subscription_charges_cycle_idx").on(t.accountId, t.cycleKey),
    uniqueIndex("subscription_charges_payment_idx").on(t.paymentId),
    index("subscription_charges_due_idx").on(t.chargeAt).where(sql`${t.status} = 'notified'`),
    check("subscription_charges_amount_positive", sql`${t.amountPaise} >= 100`),
  ],
);

/**
 * Dunning of one failed renewal cycle (lib/subscriptions/handle-charge-failure.ts): one row per cycle charge that
 * failed, the grace period it gives the plan, and how it ended (recovered by a retry, or lapsed to Free).
 */
export const subscriptionDunning = pgTable(
  "subscription_dunning",
  {
    chargeId: text("charge_id")
      .primaryKey()
      .references(() => subscriptionCharges.id, { onDelete: "cascade" }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    subscriptionId: text("subscription_id")
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    cycleKey: text("cycle_key").notNull(),
    /** The paid period's end that the failed cycle was to renew. */
    periodEnd: ts("period_end").notNull(),
    firstFailedAt: ts("first_failed_at").notNull(),
    graceEndsAt: ts("grace_ends_at").notNull(),
    status: text("status", { enum: ["retrying", "recovered", "lapsed"] }).notNull().default("retrying"),
    lapsedAt: ts("lapsed_at"),
    /** A lapsed cycle's mandate is cancelled on Cashfree by the dunning cron; set once that is done. */
    mandateCancelledAt: ts("mandate_cancelled_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("subscription_dunning_open_idx").on(t.graceEndsAt).where(sql`${t.status} = 'retrying'`)],
);

/**
 * A retry of a failed cycle charge: attempt 2, 3, 4 (attempt 1 is the subscription_charges row), each its own
 * Cashfree charge with its own payment_id, each after its own pre-debit notice. They all settle the cycle's one
 * plan order, so at most one of them is ever credited.
 */
export const subscriptionChargeRetries = pgTable(
  "subscription_charge_retries",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    subscriptionId: text("subscription_id")
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    chargeId: text("charge_id")
      .notNull()
      .references(() => subscriptionCharges.id, { onDelete: "cascade" }),
    cycleKey: text("cycle_key").notNull(),
    attempt: integer("attempt").notNull(),
    paymentId: text("payment_id").notNull(),
    cfPaymentId: text("cf_payment_id"),
    status: text("status", { enum: ["notified", "raised", "succeeded", "failed"] })
      .notNull()
      .default("notified"),
    amountPaise: paise("amount_paise").notNull(),
    /** Times a worker claimed it to call Cashfree (the same payment_id each time). */
    raises: integer("raises").notNull().default(0),
    preDebitNotifiedAt: ts("pre_debit_notified_at").notNull(),
    chargeAt: ts("charge_at").notNull(),
    failureReason: text("failure_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("subscription_charge_retries_attempt_idx").on(t.chargeId, t.attempt),
    uniqueIndex("subscription_charge_retries_payment_idx").on(t.paymentId),
    index("subscription_charge_retries_due_idx").on(t.chargeAt).where(sql`${t.status} = 'notified'`),
    check("subscription_charge_retries_amount_positive", sql`${t.amountPaise} >= 100`),
  ],
);

/** The durable inbox of Cashfree subscription webhooks: recorded once under their key, applied by a job. */
export const subscriptionWebhookEvents = pgTable(
  "subscription_webhook_events",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    eventKey: text("event_key").notNull(),
    eventType: text("event_type").notNull(),
    subscriptionId: text("subscription_id"),
    paymentId: text("payment_id"),
    payload: jsonb("payload").notNull(),
    receivedAt: createdAt(),
    appliedAt: ts("applied_at"),
    outcome: text("outcome"),
    applyAttempts: integer("apply_attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [
    uniqueIndex("subscription_webhook_events_key").on(t.eventKey),
    index("subscription_webhook_events_unapplied_idx").on(t.receivedAt, t.id).where(sql`applied_at is null`),
  ],
);

/**
 * Auto top-up (lib/auto-top-up): when a usage debit takes the balance from at or above `threshold_credits` to below
 * it, one charge of `amount_paise` (a credit top-up of amount/100 credits, 1 credit = ₹1) is raised on the account's
 * active mandate; at most `monthly_ceiling_paise` of auto top-ups (pending + succeeded) per IST month.
 */
export const autoTopUpSettings = pgTable(
  "auto_top_up_settings",
  {
    accountId: text("account_id")
      .primaryKey()
      .references(() => accounts.id, { onDelete: "cascade" }),
    enabled: boolean("enabled").notNull().default(false),
    thresholdCredits: credits("threshold_credits").notNull(),
    amountPaise: paise("amount_paise").notNull(),
    monthlyCeilingPaise: paise("monthly_ceiling_paise").notNull(),
    updatedByUserId: text("updated_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("auto_top_up_settings_amount_whole_credits", sql`${t.amountPaise} >= 100 and ${t.amountPaise} % 100 = 0`),
    check("auto_top_up_settings_ceiling_covers_amount", sql`${t.monthlyCeilingPaise} >= ${t.amountPaise}`),
    check("auto_top_up_settings_threshold_positive", sql`${t.thresholdCredits} > 0`),
  ],
);

/**
 * One auto top-up charge on the mandate. `payment_id` (Cashfree's idempotency key) is derived from the id, and a
 * partial unique index keeps at most one pending charge per account. The credit top-up order it pays is settled
 * by the success webhook through settleBatch; a failure never touches the balance.
 */
export const autoTopUpCharges = pgTable(
  "auto_top_up_charges",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    subscriptionId: text("subscription_id")
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    orderId: text("order_id").notNull(),
    paymentId: text("payment_id").notNull(),
    cfPaymentId: text("cf_payment_id"),
    status: text("status", { enum: ["pending", "succeeded", "failed"] })
      .notNull()
      .default("pending"),
    amountPaise: paise("amount_paise").notNull(),
    /** The IST month (`2026-12`) whose ceiling the charge counts against. */
    month: text("month").notNull(),
    balanceAtTriggerCredits: credits("balance_at_trigger_credits").notNull(),
    attempts: integer("attempts").notNull().default(0),
    failureReason: text("failure_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("auto_top_up_charges_one_pending_idx").on(t.accountId).where(sql`${t.status} = 'pending'`),
    uniqueIndex("auto_top_up_charges_payment_idx").on(t.paymentId),
    index("auto_top_up_charges_account_month_idx").on(t.accountId, t.month),
    check("auto_top_up_charges_amount_positive", sql`${t.amountPaise} >= 100`),
  ],
);
