// @cashfreepayments/cashfree-js ships no types; this is the part Khata uses.
declare module "@cashfreepayments/cashfree-js" {
  export function load(options: { mode: "sandbox" | "production" }): Promise<unknown>;
}
