"use client";

export type CashfreeEnv = "emulator" | "sandbox" | "production";

interface CashfreeInstance {
  checkout(options: { paymentSessionId: string; redirectTarget?: "_self" | "_blank" | "_top" | "_modal" }): Promise<unknown>;
  /** Cashfree Subscriptions' hosted mandate checkout. */
  subscriptionsCheckout?(options: { subsSessionId: string; redirectTarget?: "_self" | "_blank" }): Promise<unknown>;
}

/** The Cashfree SDK mode for Khata's environment: the emulator speaks the sandbox SDK. */
export function sdkModeFor(env: CashfreeEnv): "sandbox" | "production" {
  return env === "production" ? "production" : "sandbox";
}

let emulatorScript: Promise<void> | undefined;

function loadEmulatorScript(emulatorUrl: string): Promise<void> {
  // @cashfreepayments/cashfree-js uses window.Cashfree when it already exists, so the emulator's script must be on
  // the page before the package is imported (it is imported dynamically below, never statically).
  emulatorScript ??= new Promise<void>((resolve, reject) => {
    if ((window as unknown as { Cashfree?: unknown }).Cashfree) return resolve();
    const script = document.createElement("script");
    script.src = `${emulatorUrl.replace(/\/$/, "")}/cashfree.js`;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error("Could not load the Cashfree emulator's checkout script."));
    document.head.appendChild(script);
  });
  return emulatorScript;
}

/**
 * Opens Cashfree checkout for a payment session through the official SDK. `serverEnv` is the `env` that
 * create-order returned; the page refuses to continue if it does not match the mode it was built for.
 */
export async function openCashfreeCheckout(input: {
  paymentSessionId: string;
  serverEnv: CashfreeEnv;
  pageEnv: CashfreeEnv;
  emulatorUrl?: string;
}): Promise<void> {
  if (input.serverEnv !== input.pageEnv) {
    throw new Error(`Payment environment mismatch: the server created a ${input.serverEnv} order but this page runs ${input.pageEnv}.`);
  }
  if (input.pageEnv === "emulator") {
    if (!input.emulatorUrl) throw new Error("The emulator URL is not configured.");
    await loadEmulatorScript(input.emulatorUrl);
  }
  const { load } = await import("@cashfreepayments/cashfree-js");
  const cashfree = (await load({ mode: sdkModeFor(input.pageEnv) })) as CashfreeInstance | null;
  if (!cashfree) throw new Error("Cashfree checkout could not be loaded. Check your connection and try again.");
  await cashfree.checkout({ paymentSessionId: input.paymentSessionId, redirectTarget: "_self" });
}

/** Opens Cashfree's hosted mandate checkout for a subscription session (POST /api/v1/subscriptions) through the SDK. */
export async function openCashfreeMandateCheckout(input: { subsSessionId: string; pageEnv: CashfreeEnv; emulatorUrl?: string }): Promise<void> {
  if (input.pageEnv === "emulator") {
    if (!input.emulatorUrl) throw new Error("The emulator URL is not configured.");
    await loadEmulatorScript(input.emulatorUrl);
  }
  const { load } = await import("@cashfreepayments/cashfree-js");
  const cashfree = (await load({ mode: sdkModeFor(input.pageEnv) })) as CashfreeInstance | null;
  if (!cashfree?.subscriptionsCheckout) throw new Error("Cashfree's mandate checkout could not be loaded. Check your connection and try again.");
  await cashfree.subscriptionsCheckout({ subsSessionId: input.subsSessionId, redirectTarget: "_self" });
}
