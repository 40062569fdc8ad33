import { randomUUID } from "node:crypto";
import { z } from "zod";
import { CashfreeNetworkError } from "./errors";
import { backoffDelayMs } from "./retry-policy";
import { parseSuccess, toApiError } from "./response";

/**
 * Cashfree Payouts, API version 2 (docs: api-reference/payouts/v2 — Create Beneficiary V2 `POST /payout/beneficiary`,
 * Get Beneficiary V2 `GET /payout/beneficiary?beneficiary_id=`, Standard Transfer V2 `POST /payout/transfers`, Get
 * Transfer Status V2 `GET /payout/transfers?transfer_id=`), `x-api-version: 2024-01-01`. Payouts has its own
 * credentials (Cashfree's authentication page), sent as `x-client-id` / `x-client-secret`.
 *
 * Only GETs are retried here. Cashfree's Standard Transfer V2 page: after a 5xx "do not initiate another
 * transaction; check the status with Get Transfer Status" — so the caller (lib/payouts/send-payout-transfer.ts)
 * asks for the transfer first on every attempt and creates it only when Cashfree has none with that transfer_id.
 */
export type CashfreePayoutEnv = "emulator" | "sandbox" | "production";

export const CASHFREE_PAYOUT_BASE_URLS = {
  sandbox: "https://sandbox.cashfree.com/payout",
  production: "https://api.cashfree.com/payout",
} as const;

export const PAYOUT_API_VERSION = "2024-01-01";
const PRODUCT = "Cashfree Payouts";

export const beneficiarySchema = z.looseObject({
  beneficiary_id: z.string(),
  beneficiary_name: z.string().nullish(),
  beneficiary_instrument_details: z.looseObject({ bank_account_number: z.string().nullish(), bank_ifsc: z.string().nullish() }).nullish(),
  beneficiary_status: z.string().nullish(),
  added_on: z.string().nullish(),
});
export type CashfreeBeneficiary = z.infer<typeof beneficiarySchema>;

/** Transfer statuses of Get Transfer Status V2 / the V2 webhooks; unknown ones are read as "not final yet". */
export const TRANSFER_FINAL_SUCCESS = ["SUCCESS"] as const;
export const TRANSFER_FINAL_FAILURE = ["FAILED", "REJECTED"] as const;
export const TRANSFER_REVERSED = "REVERSED";

export const transferSchema = z.looseObject({
  transfer_id: z.string(),
  cf_transfer_id: z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined ? null : String(v))),
  status: z.string(),
  status_code: z.string().nullish(),
  status_description: z.string().nullish(),
  transfer_amount: z.number(),
  transfer_utr: z.string().nullish(),
  beneficiary_details: z.looseObject({ beneficiary_id: z.string().nullish() }).nullish(),
  added_on: z.string().nullish(),
  updated_on: z.string().nullish(),
});
export type CashfreeTransfer = z.infer<typeof transferSchema>;

export interface CreateBeneficiaryRequest {
  beneficiary_id: string;
  beneficiary_name: string;
  beneficiary_instrument_details: { bank_account_number: string; bank_ifsc: string };
}

export interface CreateTransferRequest {
  transfer_id: string;
  /** Rupees (two decimals at most). */
  transfer_amount: number;
  transfer_currency: "INR";
  transfer_mode: "banktransfer";
  beneficiary_details: { beneficiary_id: string };
  transfer_remarks?: string;
}

export interface CashfreePayoutsClient {
  readonly baseUrl: string;
  createBeneficiary(request: CreateBeneficiaryRequest): Promise<CashfreeBeneficiary>;
  /** null when Cashfree has no beneficiary with this id (404). */
  getBeneficiary(beneficiaryId: string): Promise<CashfreeBeneficiary | null>;
  createTransfer(request: CreateTransferRequest): Promise<CashfreeTransfer>;
  /** null when Cashfree has no transfer with this transfer_id (404). */
  getTransfer(transferId: string): Promise<CashfreeTransfer | null>;
}

export interface CashfreePayoutsClientOptions {
  env: CashfreePayoutEnv;
  clientId: string;
  clientSecret: string;
  /** Required for `emulator` (ends in `/payout`); not allowed otherwise. */
  baseUrl?: string;
  timeoutMs?: number;
  /** Retries of a GET after a network error, 429 or 5xx. */
  maxRetries?: number;
  baseRetryDelayMs?: number;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createCashfreePayoutsClient(options: CashfreePayoutsClientOptions): CashfreePayoutsClient {
  if (!options.clientId || !options.clientSecret) throw new Error("Cashfree Payouts clientId and clientSecret are required");
  const baseUrl = resolveBaseUrl(options);
  const fetchImpl = options.fetchImpl ?? globalThis.fetch;
  const sleep = options.sleep ?? defaultSleep;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 3;
  const backoff = { baseDelayMs: options.baseRetryDelayMs ?? 250, maxDelayMs: 10_000 };

  async function request<T>(method: "GET" | "POST", path: string, schema: z.ZodType<T>, body?: unknown): Promise<{ status: number; value: T | null }> {
    const requestId = randomUUID();
    const headers: Record<string, string> = {
      accept: "application/json",
      "x-client-id": options.clientId,
      "x-client-secret": options.clientSecret,
      "x-api-version": PAYOUT_API_VERSION,
      "x-request-id": requestId,
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    const attempts = method === "GET" ? maxRetries + 1 : 1;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let response: Response;
      let text: string;
      try {
        response = await fetchImpl(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
        text = await response.text();
      } catch (error) {
        lastError = error;
        if (attempt < attempts) await sleep(backoffDelayMs(attempt, backoff));
        continue;
      }
      if (response.status >= 200 && response.status < 300) return { status: response.status, value: parseSuccess(schema, text, response.status, requestId, PRODUCT) };
      if (method === "GET" && response.status === 404) return { status: 404, value: null };
      if ((response.status === 429 || response.status >= 500) && attempt < attempts) {
        await sleep(backoffDelayMs(attempt, backoff));
        continue;
      }
      throw toApiError(response.status, text, requestId, PRODUCT);
    }
    throw new CashfreeNetworkError(`Cashfree Payouts ${method} ${path} failed after ${attempts} attempt(s)`, { requestId, attempts, cause: lastError });
  }

  return {
    baseUrl,
    createBeneficiary: async (body) => (await request("POST", "/beneficiary", beneficiarySchema, body)).value!,
    getBeneficiary: async (beneficiaryId) => (await request("GET", `/beneficiary?beneficiary_id=${encodeURIComponent(beneficiaryId)}`, beneficiarySchema)).value,
    createTransfer: async (body) => (await request("POST", "/transfers", transferSchema, body)).value!,
    getTransfer: async (transferId) => (await request("GET", `/transfers?transfer_id=${encodeURIComponent(transferId)}`, transferSchema)).value,
  };
}

function resolveBaseUrl(options: CashfreePayoutsClientOptions): string {
  if (options.env === "emulator") {
    if (!options.baseUrl) throw new Error("Cashfree Payouts env 'emulator' requires baseUrl (e.g. http://127.0.0.1:4010/payout)");
    return options.baseUrl.replace(/\/+$/, "");
  }
  if (options.baseUrl !== undefined) throw new Error(`Cashfree Payouts baseUrl is only allowed with env 'emulator' (got '${options.env}')`);
  return CASHFREE_PAYOUT_BASE_URLS[options.env];
}
