import { rupeesToPaise } from "./format";
import { invalidRequest, isRecord, matchPath, parseJsonObject } from "./http";
import type { EmulatorOperations } from "./operations";
import {
  feeOf,
  findEvent,
  orderSettlementJson,
  reconEventJson,
  refundEvent,
  settleDue,
  settlementJson,
  settlementNotFound,
  type EmulatorSettlement,
  type SettlementEvent,
} from "./settlements";
import { randomDigits } from "./state";

type ApiResult = { status: number; body: unknown };

/**
 * `/pg` settlement routes: Get All Settlements (`POST /pg/settlements`), Settlement Reconciliation
 * (`POST /pg/settlement/recon`) and Get Settlements by Order ID (`GET /pg/orders/:id/settlements`).
 * Null when the path is none of them. Due payments and refunds are settled first (settleDue).
 */
export function settlementsRoute(method: string, pathname: string, rawBody: string, ops: EmulatorOperations): ApiResult | null {
  const isList = pathname === "/pg/settlements";
  const isRecon = pathname === "/pg/settlement/recon";
  const byOrder = matchPath("/pg/orders/:orderId/settlements", pathname);
  if (!isList && !isRecon && !byOrder) return null;
  settleDue(ops.state, Date.now());

  if (byOrder?.orderId !== undefined && method === "GET") {
    ops.getOrder(byOrder.orderId);
    const found = findEvent(ops.state, (e) => e.type === "PAYMENT" && e.orderId === byOrder.orderId);
    if (!found) throw settlementNotFound();
    return { status: 200, body: orderSettlementJson(found.settlement, found.event) };
  }
  if (method !== "POST" || byOrder) throw invalidRequest("request_failed", "bad URL, please check API documentation", 404);

  const { filters, limit, offset } = parseQuery(parseJsonObject(rawBody));
  const settlements = ops.state.settlements.filter((s) => matches(s, filters));
  const rows = isList ? settlements.map(settlementJson) : settlements.flatMap((s) => s.events.map((e) => reconEventJson(s, e)));
  const page = rows.slice(offset, offset + limit);
  const next = offset + limit < rows.length ? Buffer.from(JSON.stringify({ offset: offset + limit })).toString("base64") : null;
  return { status: 200, body: { cursor: next, limit, data: page } };
}

type Filters = { ids: string[] | null; utrs: string[] | null; startMs: number | null; endMs: number | null };

function parseQuery(body: Record<string, unknown>): { filters: Filters; limit: number; offset: number } {
  const pagination = body.pagination;
  if (!isRecord(pagination)) throw invalidRequest("request_failed", "pagination : is missing in the request");
  const limit = pagination.limit === undefined ? 10 : pagination.limit;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw invalidRequest("request_failed", "pagination.limit : must be an integer between 1 and 1000");
  }
  let offset = 0;
  if (typeof pagination.cursor === "string" && pagination.cursor !== "") {
    try {
      const decoded = JSON.parse(Buffer.from(pagination.cursor, "base64").toString("utf8")) as { offset?: unknown };
      if (typeof decoded.offset !== "number" || decoded.offset < 0) throw new Error("bad");
      offset = decoded.offset;
    } catch {
      throw invalidRequest("request_failed", "pagination.cursor : is invalid");
    }
  }
  const raw = body.filters;
  if (!isRecord(raw)) throw invalidRequest("request_failed", "filters : is missing in the request");
  const list = (value: unknown, field: string) => {
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw invalidRequest("request_failed", `filters.${field} : must be an array of strings`);
    return value as string[];
  };
  const date = (value: unknown, field: string) => {
    if (value === undefined || value === null) return null;
    const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
    if (!Number.isFinite(ms)) throw invalidRequest("request_failed", `filters.${field} : must be an ISO 8601 date-time`);
    return ms;
  };
  const filters = {
    ids: list(raw.cf_settlement_ids, "cf_settlement_ids"),
    utrs: list(raw.settlement_utrs, "settlement_utrs"),
    startMs: date(raw.start_date, "start_date"),
    endMs: date(raw.end_date, "end_date"),
  };
  if (!filters.ids && !filters.utrs && (filters.startMs === null || filters.endMs === null)) {
    throw invalidRequest("request_failed", "filters : specify cf_settlement_ids, settlement_utrs, or start_date and end_date");
  }
  if (filters.startMs !== null && filters.endMs !== null && filters.startMs > filters.endMs) {
    throw invalidRequest("request_failed", "filters.start_date : must not be after end_date");
  }
  return { filters, limit, offset };
}

function matches(settlement: EmulatorSettlement, filters: Filters): boolean {
  if (filters.ids && !filters.ids.includes(settlement.cfSettlementId)) return false;
  if (filters.utrs && !filters.utrs.includes(settlement.utr)) return false;
  if (filters.startMs !== null && settlement.settledAtMs < filters.startMs) return false;
  if (filters.endMs !== null && settlement.settledAtMs > filters.endMs) return false;
  return true;
}

/**
 * `/__control/settlements…`: `GET` lists the settlements (settling what is due); `POST …/run` settles what is
 * due now; `POST …/mismatch` injects what reconciliation must find: `{kind: "change_amount", order_id,
 * settlement_amount?, event_amount?}`, `{kind: "unknown_order", order_id, amount}`, `{kind: "drop", order_id}`,
 * `{kind: "add_refund", order_id, refund_id, amount}`, `{kind: "drop_refund", refund_id}`.
 */
export function settlementsControlRoute(method: string, pathname: string, body: Record<string, unknown>, ops: EmulatorOperations): unknown {
  const { state } = ops;
  if (pathname === "/__control/settlements" && method === "GET") {
    settleDue(state, Date.now());
    return { settlements: state.settlements.map((s) => ({ ...settlementJson(s), events: s.events.map((e) => reconEventJson(s, e)) })) };
  }
  if (pathname === "/__control/settlements/run" && method === "POST") {
    const settlement = settleDue(state, Date.now());
    return { settlement: settlement ? settlementJson(settlement) : null };
  }
  if (pathname !== "/__control/settlements/mismatch" || method !== "POST") return undefined;

  settleDue(state, Date.now());
  const paymentOf = (orderId: string) => findEvent(state, (e) => e.type === "PAYMENT" && e.orderId === orderId);
  switch (body.kind) {
    case "change_amount": {
      const found = paymentOf(requireString(body.order_id, "order_id"));
      if (!found) throw settlementNotFound();
      if (body.event_amount !== undefined) found.event.amountPaise = requirePaise(body.event_amount, "event_amount");
      if (body.settlement_amount !== undefined) found.event.settlementAmountPaise = requirePaise(body.settlement_amount, "settlement_amount");
      return { event: reconEventJson(found.settlement, found.event) };
    }
    case "unknown_order": {
      const amountPaise = requirePaise(body.amount, "amount");
      const { chargePaise, taxPaise } = feeOf(amountPaise, state.config.settlementFeeBps);
      const event: SettlementEvent = {
        eventId: state.numericId(),
        type: "PAYMENT",
        orderId: requireString(body.order_id, "order_id"),
        orderAmountPaise: amountPaise,
        cfPaymentId: state.numericId(),
        refundId: null,
        refundArn: null,
        amountPaise,
        serviceChargePaise: chargePaise,
        serviceTaxPaise: taxPaise,
        settlementAmountPaise: amountPaise - chargePaise - taxPaise,
        eventTimeMs: Date.now(),
        customer: { name: null, email: null, phone: null },
      };
      return { event: reconEventJson(injected(ops, event), event) };
    }
    case "drop": {
      const orderId = requireString(body.order_id, "order_id");
      const order = ops.getOrder(orderId);
      for (const payment of order.payments) state.settledKeys.add(`payment:${payment.cfPaymentId}`);
      const dropped = removeEvents(ops, (e) => e.type === "PAYMENT" && e.orderId === orderId);
      return { dropped };
    }
    case "add_refund": {
      const order = ops.getOrder(requireString(body.order_id, "order_id"));
      const payment = order.payments.find((p) => p.status === "SUCCESS");
      if (!payment) throw invalidRequest("order_id_not_paid", "order is not paid", 409);
      const refundId = requireString(body.refund_id, "refund_id");
      const event = refundEvent(state, order, payment.cfPaymentId, refundId, requirePaise(body.amount, "amount"), randomDigits(12), Date.now());
      return { event: reconEventJson(injected(ops, event), event) };
    }
    case "drop_refund": {
      const refundId = requireString(body.refund_id, "refund_id");
      state.settledKeys.add(`refund:${refundId}`);
      return { dropped: removeEvents(ops, (e) => e.type === "REFUND" && e.refundId === refundId) };
    }
    default:
      throw invalidRequest("request_failed", "kind : must be change_amount, unknown_order, drop, add_refund or drop_refund");
  }
}

/** An injected event goes into a settlement of its own, settled now. */
function injected(ops: EmulatorOperations, event: SettlementEvent): EmulatorSettlement {
  const settlement = { cfSettlementId: ops.state.numericId(), utr: `CFUTR${randomDigits(12)}`, settledAtMs: Date.now(), events: [event] };
  ops.state.settlements.push(settlement);
  return settlement;
}

function removeEvents(ops: EmulatorOperations, match: (event: SettlementEvent) => boolean): number {
  let dropped = 0;
  for (const settlement of ops.state.settlements) {
    const kept = settlement.events.filter((e) => !match(e));
    dropped += settlement.events.length - kept.length;
    settlement.events = kept;
  }
  ops.state.settlements.splice(0, ops.state.settlements.length, ...ops.state.settlements.filter((s) => s.events.length > 0));
  return dropped;
}

function requireString(value: unknown, field: string): string {
  if (typeof value === "string" && value !== "") return value;
  throw invalidRequest("request_failed", `${field} : is required`);
}

function requirePaise(value: unknown, field: string): number {
  const paise = rupeesToPaise(value);
  if (paise === null || paise < 0) throw invalidRequest("request_failed", `${field} : must be a rupee amount with at most 2 decimals`);
  return paise;
}
