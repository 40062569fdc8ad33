import { divRoundHalfUp } from "./split-inclusive";

/** GST on a payment gateway's fee (SAC 9971, 18 %): tax-EXCLUSIVE, so the tax is on top of the fee. */
export const GATEWAY_FEE_GST_BP = 1800n;

/** The GST Cashfree should charge on `feePaise`, rounded half up to the paisa. */
export function gstOnFeePaise(feePaise: bigint, rateBp: bigint = GATEWAY_FEE_GST_BP): bigint {
  if (feePaise < 0n) throw new RangeError("a fee is never negative");
  return divRoundHalfUp(feePaise * rateBp, 10_000n);
}

/**
 * Whether a reported GST on a fee is the 18 % of it: within one paisa, because Cashfree rounds fee and tax
 * per transaction from rupee amounts and a half paisa may fall either way.
 */
export function isGstOnFee(feePaise: bigint, taxPaise: bigint): boolean {
  const expected = gstOnFeePaise(feePaise);
  const diff = taxPaise - expected;
  return diff >= -1n && diff <= 1n;
}
