import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { cashfreeJsSource } from "./cashfree-js";
import { renderCheckout, renderLinkPage, submitCheckout } from "./checkout";
import { handleControlApi } from "./control-api";
import { CashfreeHttpError, matchPath, send, sendJson } from "./http";
import { EmulatorOperations } from "./operations";
import { handleOrdersApi } from "./orders-api";
import { renderBankPage, submitBankPage } from "./order-pay";
import { PayoutsEmulator } from "./payouts-api";
import { EmulatorState } from "./state";
import { SubscriptionsEmulator } from "./subscriptions-api";
import { WebhookSender } from "./webhook-sender";

export type StartEmulatorOptions = {
  port?: number;
  host?: string;
  clientId: string;
  clientSecret: string;
  /** Delay before each retry after a failed webhook delivery; attempts = 1 + length. */
  webhookRetryDelaysMs?: number[];
  /** Origin browsers use to reach the emulator (for cashfree.js); defaults to the request's Host. */
  publicUrl?: string;
  /** Used when an order has no order_meta.notify_url (Cashfree would use the dashboard URL). */
  defaultNotifyUrl?: string;
  /** Refunds become SUCCESS (and send REFUND_STATUS_WEBHOOK) after this delay; null = manual only. */
  refundSettleDelayMs?: number | null;
  webhookTimeoutMs?: number;
  /** PAID payments settle this long after they succeed (default 0: on the next settlement read); null = never. */
  settlementDelayMs?: number | null;
  /** Cashfree's fee in basis points (default 195 = 1.95 %), plus 18 % GST on it. */
  settlementFeeBps?: number;
  /** Cashfree Payouts' own credentials (default: `<clientId>_payouts` / `<clientSecret>_payouts`). */
  payoutClientId?: string;
  payoutClientSecret?: string;
  /** Where Payouts V2 webhooks go (Cashfree: the URL set on the Payouts dashboard); also settable via /__control/payouts/config. */
  payoutWebhookUrl?: string | null;
};

export type RunningEmulator = {
  /** `http://127.0.0.1:PORT`; the Cashfree API base URL is `${url}/pg`. */
  url: string;
  state: EmulatorState;
  /** The Payouts stand-in (`${url}/payout`): beneficiaries, transfers, their webhooks. */
  payouts: PayoutsEmulator;
  /** Cashfree Subscriptions (`${url}/pg/plans`, `${url}/pg/subscriptions`), its mandate page and webhooks. */
  subscriptions: SubscriptionsEmulator;
  close(): Promise<void>;
};

export async function startEmulator(options: StartEmulatorOptions): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const state = new EmulatorState({
    webhookRetryDelaysMs: options.webhookRetryDelaysMs ?? [1000, 5000, 30_000],
    refundSettleDelayMs: options.refundSettleDelayMs === undefined ? 1000 : options.refundSettleDelayMs,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000,
    settlementDelayMs: options.settlementDelayMs === undefined ? 0 : options.settlementDelayMs,
    settlementFeeBps: options.settlementFeeBps ?? 195,
    disabledPaymentMethods: [],
  });
  const sender = new WebhookSender(state, options.clientSecret);
  const ops = new EmulatorOperations(state, sender, options.defaultNotifyUrl ?? null);
  const credentials = { clientId: options.clientId, clientSecret: options.clientSecret };
  const payouts = new PayoutsEmulator({
    clientId: options.payoutClientId ?? `${options.clientId}_payouts`,
    clientSecret: options.payoutClientSecret ?? `${options.clientSecret}_payouts`,
    webhookUrl: options.payoutWebhookUrl ?? null,
    webhookRetryDelaysMs: options.webhookRetryDelaysMs ?? [1000, 5000, 30_000],
  });

  const subscriptions = new SubscriptionsEmulator({
    ...credentials,
    defaultNotifyUrl: options.defaultNotifyUrl ?? null,
    webhookRetryDelaysMs: options.webhookRetryDelaysMs ?? [1000, 5000, 30_000],
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof CashfreeHttpError) {
        sendJson(res, error.status, error.body);
        return;
      }
      console.error("[cashfree-emulator] unhandled error", error);
      if (!res.headersSent) sendJson(res, 500, { message: "internal emulator error", code: "api_error", type: "api_error" });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const pathname = url.pathname.replace(/\/+$/, "") || "/";
    const method = req.method ?? "GET";

    const origin = options.publicUrl?.replace(/\/+$/, "") ?? `http://${req.headers.host ?? `${host}`}`;
    if (SubscriptionsEmulator.handles(pathname)) return subscriptions.handleApi(req, res, pathname);
    if (pathname.startsWith("/subscriptions/checkout/") && (await subscriptions.handleCheckout(req, res, pathname))) return;
    if (pathname.startsWith("/__control/subscriptions")) return subscriptions.handleControl(req, res, pathname);
    if (pathname === "/pg" || pathname.startsWith("/pg/")) return handleOrdersApi(req, res, pathname, ops, credentials, origin);
    if (pathname === "/payout" || pathname.startsWith("/payout/")) return payouts.handleApi(req, res, pathname, url.searchParams);
    if (pathname.startsWith("/__control/payouts/")) return payouts.handleControl(req, res, pathname);
    if (pathname === "/__control/reset" && method === "POST") {
      payouts.reset();
      subscriptions.reset();
    }
    if (pathname.startsWith("/__control/")) return handleControlApi(req, res, pathname, ops);
    if (method === "GET" && pathname === "/cashfree.js") {
      send(res, 200, cashfreeJsSource(origin), "application/javascript; charset=utf-8", { "cache-control": "no-store" });
      return;
    }
    if (method === "GET" && (pathname === "/" || pathname === "/health")) {
      sendJson(res, 200, { ok: true, emulator: "cashfree", orders: state.orders.size });
      return;
    }
    const checkout = matchPath("/checkout/:sessionId", pathname);
    if (checkout?.sessionId !== undefined && method === "GET") return renderCheckout(res, checkout.sessionId, ops);
    const linkPage = matchPath("/links/:hash", pathname);
    if (linkPage?.hash !== undefined && method === "GET") return renderLinkPage(res, linkPage.hash, ops);
    const submit = matchPath("/checkout/:sessionId/pay", pathname);
    if (submit?.sessionId !== undefined && method === "POST") return submitCheckout(req, res, submit.sessionId, ops);

    const bank = matchPath("/netbanking/:cfPaymentId", pathname);
    if (bank?.cfPaymentId !== undefined && method === "POST") return renderBankPage(req, res, bank.cfPaymentId, ops);
    const bankSubmit = matchPath("/netbanking/:cfPaymentId/submit", pathname);
    if (bankSubmit?.cfPaymentId !== undefined && method === "POST") return submitBankPage(req, res, bankSubmit.cfPaymentId, ops);

    sendJson(res, 404, { message: "bad URL, please check API documentation", code: "request_failed", type: "invalid_request_error" });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    state,
    payouts,
    subscriptions,
    close: async () => {
      ops.cancelTimers();
      payouts.cancelTimers();
      subscriptions.cancelTimers();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
