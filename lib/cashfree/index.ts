export * from "./client";
export * from "./errors";
export * from "./order-fields";
export * from "./types";
export * from "./webhook";
export * from "./webhook-events";
export * from "./payouts-client";
export * from "./payout-webhook";
