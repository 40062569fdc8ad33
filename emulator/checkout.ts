import type { IncomingMessage, ServerResponse } from "node:http";
import { paiseToRupees } from "./format";
import { CashfreeHttpError, escapeHtml, readBody, sendHtml } from "./http";
import type { EmulatorOperations } from "./operations";
import { openLink } from "./links";
import { refreshLink, refreshOrder, type EmulatorOrder, type Instrument } from "./state";

type Choice = { instrument: Instrument; testId: string; label: string; detail: string };

const CHOICES: Choice[] = [
  { instrument: "success_card", testId: "pay-success-card", label: "Pay with success card", detail: "Card 4111 1111 1111 1111" },
  { instrument: "failure_card", testId: "pay-failure-card", label: "Pay with failing card", detail: "Card 4000 0000 0000 0002" },
  { instrument: "upi_success", testId: "pay-upi-success", label: "Pay with UPI testsuccess@gocash", detail: "UPI collect, succeeds" },
  { instrument: "upi_failure", testId: "pay-upi-failure", label: "Pay with UPI testfailure@gocash", detail: "UPI collect, fails" },
  {
    instrument: "upi_pending",
    testId: "pay-upi-pending",
    label: "Pay with UPI, bank slow to answer",
    detail: "Stays PENDING until resolved with POST /__control/payments/:cf_payment_id/resolve",
  },
  { instrument: "close", testId: "close-checkout", label: "Close (cancel payment)", detail: "Marks the attempt USER_DROPPED" },
];

/** Where Cashfree sends the browser back: `return_url` with `{order_id}` substituted. */
export function returnUrlFor(order: EmulatorOrder): string | null {
  if (!order.returnUrl) return null;
  const encodedId = encodeURIComponent(order.orderId);
  return order.returnUrl.replaceAll("{order_id}", encodedId).replaceAll("%7Border_id%7D", encodedId);
}

/** GET /checkout/:sessionId — the hosted payment page. */
export function renderCheckout(res: ServerResponse, sessionId: string, ops: EmulatorOperations): void {
  const order = ops.state.ordersBySession.get(sessionId);
  if (!order) {
    sendHtml(res, 404, page("Payment session not found", `<p role="alert">This payment link is invalid (payment_session_id_invalid).</p>`));
    return;
  }
  refreshOrder(order, Date.now());
  const amount = formatRupees(order.amountPaise);
  const summary = `<p>Order <strong data-testid="checkout-order-id">${escapeHtml(order.orderId)}</strong></p>
<p>Amount <strong data-testid="checkout-amount">${amount}</strong></p>`;

  if (order.status !== "ACTIVE") {
    const back = returnUrlFor(order);
    sendHtml(
      res,
      200,
      page(
        `Order ${order.status.toLowerCase()}`,
        `${summary}<p role="status" data-testid="checkout-status">This order is ${escapeHtml(order.status)} and cannot be paid.</p>
${back ? `<p><a href="${escapeHtml(back)}" data-testid="return-to-merchant">Return to merchant</a></p>` : ""}`,
      ),
    );
    return;
  }

  const action = `/checkout/${encodeURIComponent(sessionId)}/pay`;
  const buttons = CHOICES.map(
    (choice) => `<li><form method="post" action="${action}">
  <input type="hidden" name="instrument" value="${choice.instrument}">
  <button type="submit" data-testid="${choice.testId}" aria-describedby="${choice.testId}-detail">${escapeHtml(choice.label)}</button>
  <span id="${choice.testId}-detail">${escapeHtml(choice.detail)}</span>
</form></li>`,
  ).join("\n");
  sendHtml(
    res,
    200,
    page(
      `Pay ${amount}`,
      `${summary}<p>Cashfree emulator test checkout. Choose a test instrument:</p>
<ul class="choices" aria-label="Test payment instruments">${buttons}</ul>`,
    ),
  );
}

/**
 * GET /links/:hash — a payment link's hosted page: it opens (or reuses) the link's order and sends the browser to
 * that order's checkout, the same page an ordinary order is paid on. A paid, cancelled or expired link says so.
 */
export function renderLinkPage(res: ServerResponse, hash: string, ops: EmulatorOperations): void {
  const link = ops.state.linksByHash.get(hash);
  if (!link) {
    sendHtml(res, 404, page("Payment link not found", `<p role="alert">This payment link does not exist (link_not_found).</p>`));
    return;
  }
  refreshLink(link, Date.now());
  const order = openLink(ops, link);
  if (!order) {
    sendHtml(
      res,
      200,
      page(
        `Payment link ${link.status.toLowerCase()}`,
        `<p>${escapeHtml(link.purpose)}</p>
<p>Amount <strong data-testid="checkout-amount">${formatRupees(link.amountPaise)}</strong></p>
<p role="status" data-testid="link-status">This payment link is ${escapeHtml(link.status)} and takes no payment.</p>`,
      ),
    );
    return;
  }
  res.writeHead(303, { location: `/checkout/${encodeURIComponent(order.paymentSessionId)}`, "content-length": 0 });
  res.end();
}

/** POST /checkout/:sessionId/pay — records the attempt, redirects to return_url, sends the webhook. */
export async function submitCheckout(req: IncomingMessage, res: ServerResponse, sessionId: string, ops: EmulatorOperations) {
  const form = new URLSearchParams(await readBody(req));
  const order = ops.state.ordersBySession.get(sessionId);
  const choice = CHOICES.find((c) => c.instrument === form.get("instrument"));
  if (!order || !choice) {
    sendHtml(res, 400, page("Invalid payment request", `<p role="alert">Unknown payment session or instrument.</p>`));
    return;
  }
  let status: string;
  try {
    status = ops.pay(order, choice.instrument).payment.status;
  } catch (error) {
    if (!(error instanceof CashfreeHttpError)) throw error;
    sendHtml(res, error.status, page("Payment not allowed", `<p role="alert">${escapeHtml(error.message)}</p>`));
    return;
  }
  const back = returnUrlFor(order);
  if (back) {
    res.writeHead(303, { location: back, "content-length": 0 });
    res.end();
    return;
  }
  sendHtml(res, 200, page("Payment complete", `<p role="status" data-testid="checkout-status">Payment ${escapeHtml(status)}.</p>`));
}

function formatRupees(amountPaise: number): string {
  return `₹${paiseToRupees(amountPaise).toLocaleString("en-IN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Cashfree emulator</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
  .choices { list-style: none; padding: 0; }
  .choices li { margin: 0.75rem 0; }
  button { font: inherit; padding: 0.6rem 1rem; min-width: 18rem; cursor: pointer; }
  span { display: block; font-size: 0.85rem; color: #444; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}
