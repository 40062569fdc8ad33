import { describe, expect, it } from "vitest";
import { awaitsMerchant, resolutionOf } from "./dispute-status";

describe("resolutionOf", () => {
  it.each([
    ["DISPUTE_CREATED", "open"],
    ["CHARGEBACK_DOCS_RECEIVED", "open"],
    ["PRE_ARBITRATION_UNDER_REVIEW", "open"],
    ["DISPUTE_INSUFFICIENT_EVIDENCE", "open"],
    ["CHARGEBACK_MERCHANT_WON", "won"],
    ["RETRIEVAL_MERCHANT_WON", "won"],
    ["DISPUTE_MERCHANT_LOST", "lost"],
    ["ARBITRATION_MERCHANT_ACCEPTED", "lost"],
    ["", "open"],
  ])("%s → %s", (status, resolution) => {
    expect(resolutionOf(status)).toBe(resolution);
  });

  it("the merchant can answer a created dispute or one with insufficient evidence, not one under review", () => {
    expect([awaitsMerchant("CHARGEBACK_CREATED"), awaitsMerchant("DISPUTE_INSUFFICIENT_EVIDENCE"), awaitsMerchant("DISPUTE_UNDER_REVIEW")]).toEqual([true, true, false]);
  });
});
