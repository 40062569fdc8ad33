import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { rupeesToPaise, stringifyCashfreeJson } from "./format";
import { CashfreeHttpError, invalidRequest, isRecord, matchPath, parseJsonObject, readBody, sendJson } from "./http";
import { cashfreeWebhookSignature } from "./webhook-signature";

/**
 * Cashfree Payouts, API version 2 (Create/Get Beneficiary V2, Standard Transfer V2, Get Transfer Status V2, Webhooks
 * V2), under `/payout`, with its own credentials, and test knobs under `/__control/payouts`. Shapes follow
 * Cashfree's v2 reference pages: a transfer is accepted as RECEIVED and reaches SUCCESS / FAILED / REJECTED (and
 * REVERSED after SUCCESS) through the control API, each change sending a signed V2 webhook to the configured URL
 * (Cashfree's dashboard setting) with retries. transfer_id and beneficiary_id are unique: a second create → 409.
 */
export const PAYOUT_API_VERSIONS = ["2024-01-01"];
const ID_PATTERN = /^[A-Za-z0-9_|.-]{1,50}$/;
const IFSC_PATTERN = /^[A-Z]{4}0[A-Z0-9]{6}$/;
const ACCOUNT_PATTERN = /^[0-9]{9,18}$/;
const NAME_PATTERN = /^[A-Za-z][A-Za-z .]{0,99}$/;
export const TRANSFER_STATUSES = ["RECEIVED", "PENDING", "SUCCESS", "FAILED", "REJECTED", "REVERSED"] as const;
type TransferStatus = (typeof TRANSFER_STATUSES)[number];

const WEBHOOK_TYPE: Partial<Record<TransferStatus, string>> = {
  SUCCESS: "TRANSFER_SUCCESS",
  FAILED: "TRANSFER_FAILED",
  REJECTED: "TRANSFER_REJECTED",
  REVERSED: "TRANSFER_REVERSED",
};

export interface EmulatorBeneficiary {
  beneficiary_id: string;
  beneficiary_name: string;
  beneficiary_instrument_details: { bank_account_number: string; bank_ifsc: string };
  beneficiary_status: "VERIFIED";
  added_on: string;
}

export interface EmulatorTransfer {
  transfer_id: string;
  cf_transfer_id: string;
  status: TransferStatus;
  status_code: string;
  status_description: string;
  beneficiary_details: { beneficiary_id: string };
  transfer_amount: number;
  transfer_mode: string;
  transfer_utr: string | null;
  fundsource_id: string;
  added_on: string;
  updated_on: string;
}

export interface PayoutWebhookDelivery {
  transfer_id: string;
  type: string;
  url: string;
  status: number | null;
  error: string | null;
  raw_body: string;
  timestamp: number;
}

export interface PayoutsEmulatorOptions {
  clientId: string;
  clientSecret: string;
  /** Where Payouts webhooks go (Cashfree: the URL set on the Payouts dashboard); null = none until configured. */
  webhookUrl: string | null;
  webhookRetryDelaysMs: number[];
}

export class PayoutsEmulator {
  readonly beneficiaries = new Map<string, EmulatorBeneficiary>();
  readonly transfers = new Map<string, EmulatorTransfer>();
  readonly deliveries: PayoutWebhookDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextCfId = 1_000_000;
  webhookUrl: string | null;

  constructor(private readonly options: PayoutsEmulatorOptions) {
    this.webhookUrl = options.webhookUrl;
  }

  reset(): void {
    this.cancelTimers();
    this.beneficiaries.clear();
    this.transfers.clear();
    this.deliveries.length = 0;
    this.webhookUrl = this.options.webhookUrl;
  }

  cancelTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** `/payout/...` */
  async handleApi(req: IncomingMessage, res: ServerResponse, pathname: string, search: URLSearchParams): Promise<void> {
    const method = req.method ?? "GET";
    const rawBody = await readBody(req);
    if (header(req, "x-client-id") !== this.options.clientId || header(req, "x-client-secret") !== this.options.clientSecret) {
      sendJson(res, 401, { type: "authentication_error", code: "authentication_failed", message: "Client id and client secret are not valid for Payouts" });
      return;
    }
    const version = header(req, "x-api-version");
    if (!version || !PAYOUT_API_VERSIONS.includes(version)) {
      sendJson(res, 400, { type: "invalid_request_error", code: "x-api-version_invalid", message: `x-api-version : ${version ?? "missing"} is not supported` });
      return;
    }
    try {
      const { status, body } = this.route(method, pathname, search, rawBody);
      sendJson(res, status, body);
    } catch (error) {
      if (!(error instanceof CashfreeHttpError)) throw error;
      sendJson(res, error.status, { type: error.type, code: error.code, message: error.message });
    }
  }

  private route(method: string, pathname: string, search: URLSearchParams, rawBody: string): { status: number; body: unknown } {
    if (pathname === "/payout/beneficiary" && method === "POST") return { status: 201, body: this.createBeneficiary(parseJsonObject(rawBody)) };
    if (pathname === "/payout/beneficiary" && method === "GET") {
      const bene = this.beneficiaries.get(search.get("beneficiary_id") ?? "");
      if (!bene) throw invalidRequest("beneficiary_not_found", "Beneficiary does not exist", 404);
      return { status: 200, body: bene };
    }
    if (pathname === "/payout/transfers" && method === "POST") return { status: 200, body: this.createTransfer(parseJsonObject(rawBody)) };
    if (pathname === "/payout/transfers" && method === "GET") {
      const transfer = this.transfers.get(search.get("transfer_id") ?? "");
      if (!transfer) throw invalidRequest("transfer_not_found", "Transfer with given transfer_id does not exist", 404);
      return { status: 200, body: transfer };
    }
    throw invalidRequest("request_failed", "bad URL, please check API documentation", 404);
  }

  private createBeneficiary(body: Record<string, unknown>): EmulatorBeneficiary {
    const id = body.beneficiary_id;
    if (typeof id !== "string" || !ID_PATTERN.test(id)) throw invalidRequest("beneficiary_id_invalid", "beneficiary_id : alphanumeric, _ | . allowed, at most 50 characters");
    const name = body.beneficiary_name;
    if (typeof name !== "string" || !NAME_PATTERN.test(name)) throw invalidRequest("beneficiary_name_invalid", "beneficiary_name : only alphabets and whitespaces, at most 100");
    const details = isRecord(body.beneficiary_instrument_details) ? body.beneficiary_instrument_details : null;
    const account = details?.bank_account_number;
    const ifsc = details?.bank_ifsc;
    if (typeof account !== "string" || !ACCOUNT_PATTERN.test(account)) throw invalidRequest("bank_account_number_invalid", "bank_account_number : 9 to 18 digits");
    if (typeof ifsc !== "string" || !IFSC_PATTERN.test(ifsc)) throw invalidRequest("bank_ifsc_invalid", "bank_ifsc : invalid IFSC");
    if (this.beneficiaries.has(id)) throw invalidRequest("beneficiary_id_already_exists", "Beneficiary with the given beneficiary_id already exists", 409);
    const bene: EmulatorBeneficiary = {
      beneficiary_id: id,
      beneficiary_name: name,
      beneficiary_instrument_details: { bank_account_number: account, bank_ifsc: ifsc },
      beneficiary_status: "VERIFIED",
      added_on: new Date().toISOString(),
    };
    this.beneficiaries.set(id, bene);
    return bene;
  }

  private createTransfer(body: Record<string, unknown>): EmulatorTransfer {
    const id = body.transfer_id;
    if (typeof id !== "string" || !/^[A-Za-z0-9_-]{1,40}$/.test(id)) throw invalidRequest("transfer_id_invalid", "transfer_id : alphanumeric, _ and - allowed, at most 40 characters");
    const amount = body.transfer_amount;
    const amountPaise = rupeesToPaise(amount);
    if (typeof amount !== "number" || amountPaise === null || amountPaise < 100) {
      throw invalidRequest("transfer_amount_invalid", "transfer_amount : must be at least 1.00, with at most two decimals");
    }
    if (body.transfer_currency !== undefined && body.transfer_currency !== "INR") throw invalidRequest("transfer_currency_invalid", "transfer_currency : only INR is supported");
    const beneId = isRecord(body.beneficiary_details) ? body.beneficiary_details.beneficiary_id : undefined;
    if (typeof beneId !== "string" || !this.beneficiaries.has(beneId)) throw invalidRequest("beneficiary_not_found", "Beneficiary does not exist", 404);
    if (this.transfers.has(id)) throw invalidRequest("transfer_id_already_exists", "Transfer with the given transfer_id already exists", 409);
    const now = new Date().toISOString();
    const transfer: EmulatorTransfer = {
      transfer_id: id,
      cf_transfer_id: String(this.nextCfId++),
      status: "RECEIVED",
      status_code: "RECEIVED",
      status_description: "The transfer has been received by Cashfree successfully for further processing.",
      beneficiary_details: { beneficiary_id: beneId },
      transfer_amount: amount,
      transfer_mode: typeof body.transfer_mode === "string" ? body.transfer_mode : "banktransfer",
      transfer_utr: null,
      fundsource_id: "CASHFREE_1",
      added_on: now,
      updated_on: now,
    };
    this.transfers.set(id, transfer);
    return transfer;
  }

  /** `/__control/payouts/...` (no auth: the emulator binds to 127.0.0.1 and is never deployed). */
  async handleControl(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const method = req.method ?? "GET";
    const body = method === "POST" ? parseJsonObject(await readBody(req)) : {};
    if (pathname === "/__control/payouts/config") {
      if (method === "POST" && "webhook_url" in body) this.webhookUrl = typeof body.webhook_url === "string" ? body.webhook_url : null;
      sendJson(res, 200, { webhook_url: this.webhookUrl });
      return;
    }
    if (method === "GET" && pathname === "/__control/payouts/transfers") {
      sendJson(res, 200, { transfers: [...this.transfers.values()], beneficiaries: [...this.beneficiaries.values()] });
      return;
    }
    if (method === "GET" && pathname === "/__control/payouts/webhooks/log") {
      sendJson(res, 200, { deliveries: this.deliveries });
      return;
    }
    const settle = matchPath("/__control/payouts/transfers/:transferId/settle", pathname);
    if (settle?.transferId !== undefined && method === "POST") {
      const transfer = this.transfers.get(settle.transferId);
      if (!transfer) return sendJson(res, 404, { code: "transfer_not_found", message: "no such transfer" });
      const status = body.status;
      if (typeof status !== "string" || !(["SUCCESS", "FAILED", "REJECTED", "REVERSED"] as string[]).includes(status)) {
        return sendJson(res, 400, { code: "request_failed", message: "status : SUCCESS, FAILED, REJECTED or REVERSED" });
      }
      if (status === "REVERSED" ? transfer.status !== "SUCCESS" : transfer.status !== "RECEIVED" && transfer.status !== "PENDING") {
        return sendJson(res, 409, { code: "request_failed", message: `a ${transfer.status} transfer cannot become ${status}` });
      }
      this.settle(transfer, status as TransferStatus);
      const rawBody = this.webhookBody(transfer);
      const delivery = body.deliver === false ? null : await this.deliverWithRetries(transfer, rawBody);
      sendJson(res, 200, { transfer, webhook: { raw_body: rawBody }, delivery });
      return;
    }
    const redeliver = matchPath("/__control/payouts/transfers/:transferId/redeliver", pathname);
    if (redeliver?.transferId !== undefined && method === "POST") {
      const transfer = this.transfers.get(redeliver.transferId);
      if (!transfer || !WEBHOOK_TYPE[transfer.status]) return sendJson(res, 404, { code: "transfer_not_found", message: "no settled transfer with that id" });
      const copies = typeof body.copies === "number" && Number.isInteger(body.copies) && body.copies >= 1 && body.copies <= 100 ? body.copies : 1;
      const rawBody = this.webhookBody(transfer);
      const deliveries = await Promise.all(Array.from({ length: copies }, () => this.deliverOnce(transfer, rawBody)));
      sendJson(res, 200, { deliveries });
      return;
    }
    sendJson(res, 404, { code: "request_failed", message: "unknown payouts control endpoint" });
  }

  private settle(transfer: EmulatorTransfer, status: TransferStatus): void {
    transfer.status = status;
    transfer.status_code = { SUCCESS: "COMPLETED", FAILED: "BENEFICIARY_BANK_OFFLINE", REJECTED: "INVALID_ACCOUNT", REVERSED: "REVERSED_BY_BENEFICIARY_BANK", RECEIVED: "RECEIVED", PENDING: "PENDING" }[status];
    transfer.status_description = {
      SUCCESS: "The transfer has been successfully credited to the beneficiary account.",
      FAILED: "The beneficiary bank is offline.",
      REJECTED: "The beneficiary account details are invalid.",
      REVERSED: "The beneficiary bank reversed the transfer.",
      RECEIVED: transfer.status_description,
      PENDING: transfer.status_description,
    }[status];
    if (status === "SUCCESS") transfer.transfer_utr = `UTR${transfer.cf_transfer_id}`;
    transfer.updated_on = new Date().toISOString();
  }

  /** A Payouts V2 webhook body: `{ data, event_time, type }`, money with two decimals as Cashfree writes it. */
  private webhookBody(transfer: EmulatorTransfer): string {
    return stringifyCashfreeJson({ data: { ...transfer }, event_time: new Date().toISOString(), type: WEBHOOK_TYPE[transfer.status] ?? "TRANSFER_ACKNOWLEDGED" });
  }

  private async deliverWithRetries(transfer: EmulatorTransfer, rawBody: string): Promise<PayoutWebhookDelivery | null> {
    const first = await this.deliverOnce(transfer, rawBody);
    if (!first) return null;
    const retry = (index: number, previous: PayoutWebhookDelivery) => {
      if (previous.status !== null && previous.status >= 200 && previous.status < 300) return;
      const delay = this.options.webhookRetryDelaysMs[index];
      if (delay === undefined) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.deliverOnce(transfer, rawBody).then((d) => d && retry(index + 1, d));
      }, delay);
      this.timers.add(timer);
    };
    retry(0, first);
    return first;
  }

  private async deliverOnce(transfer: EmulatorTransfer, rawBody: string): Promise<PayoutWebhookDelivery | null> {
    if (!this.webhookUrl) return null;
    const timestamp = Date.now();
    const delivery: PayoutWebhookDelivery = { transfer_id: transfer.transfer_id, type: WEBHOOK_TYPE[transfer.status] ?? "", url: this.webhookUrl, status: null, error: null, raw_body: rawBody, timestamp };
    try {
      const response = await fetch(this.webhookUrl, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(10_000),
        headers: {
          "content-type": "application/json",
          "x-webhook-signature": cashfreeWebhookSignature(this.options.clientSecret, String(timestamp), rawBody),
          "x-webhook-timestamp": String(timestamp),
          "x-webhook-version": PAYOUT_API_VERSIONS[0]!,
          "x-request-id": randomUUID(),
        },
        body: rawBody,
      });
      delivery.status = response.status;
      await response.text();
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
    this.deliveries.push(delivery);
    return delivery;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
