import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CashfreeApiError } from "../lib/cashfree/errors";
import { createCashfreePayoutsClient, type CashfreePayoutsClient } from "../lib/cashfree/payouts-client";
import { verifyPayoutWebhook } from "../lib/cashfree/payout-webhook";
import { startReceiver, type Receiver } from "../lib/testing/webhook-receiver";
import { startEmulator, type RunningEmulator } from "./server";

const PAYOUT_ID = "payout_client";
const PAYOUT_SECRET = "payout_secret";
let emulator: RunningEmulator;
let receiver: Receiver;
let client: CashfreePayoutsClient;

beforeAll(async () => {
  receiver = await startReceiver();
  emulator = await startEmulator({ clientId: "pg_client", clientSecret: "pg_secret", payoutClientId: PAYOUT_ID, payoutClientSecret: PAYOUT_SECRET, payoutWebhookUrl: receiver.url, webhookRetryDelaysMs: [] });
  client = createCashfreePayoutsClient({ env: "emulator", baseUrl: `${emulator.url}/payout`, clientId: PAYOUT_ID, clientSecret: PAYOUT_SECRET, maxRetries: 0 });
});
afterAll(async () => {
  await emulator?.close();
  await receiver?.close();
});

const bene = { beneficiary_id: "kh_contract_1", beneficiary_name: "Asha Traders", beneficiary_instrument_details: { bank_account_number: "026291800001191", bank_ifsc: "YESB0000262" } };
const settle = (id: string, status: string) =>
  fetch(`${emulator.url}/__control/payouts/transfers/${id}/settle`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ status }) });

describe("emulator: Cashfree Payouts V2", () => {
  it("refuses the payment gateway's credentials (Payouts has its own)", async () => {
    const pg = createCashfreePayoutsClient({ env: "emulator", baseUrl: `${emulator.url}/payout`, clientId: "pg_client", clientSecret: "pg_secret", maxRetries: 0 });
    await expect(pg.getTransfer("nope")).rejects.toMatchObject({ status: 401 });
  });

  it("beneficiary: created once (409 after), read back; bad bank details refused", async () => {
    expect(await client.getBeneficiary(bene.beneficiary_id)).toBeNull();
    expect(await client.createBeneficiary(bene)).toMatchObject({ beneficiary_id: bene.beneficiary_id, beneficiary_status: "VERIFIED" });
    await expect(client.createBeneficiary(bene)).rejects.toMatchObject({ status: 409, code: "beneficiary_id_already_exists" });
    expect(await client.getBeneficiary(bene.beneficiary_id)).toMatchObject({ beneficiary_instrument_details: { bank_ifsc: "YESB0000262" } });
    const bad = client.createBeneficiary({ ...bene, beneficiary_id: "kh_bad", beneficiary_instrument_details: { bank_account_number: "12", bank_ifsc: "YESB0000262" } });
    await expect(bad).rejects.toBeInstanceOf(CashfreeApiError);
  });

  it("transfer: RECEIVED, one per transfer_id, SUCCESS by the control API sends a signed V2 webhook; REVERSED only after SUCCESS", async () => {
    const request = { transfer_id: "po_contract_1", transfer_amount: 120.5, transfer_currency: "INR" as const, transfer_mode: "banktransfer" as const, beneficiary_details: { beneficiary_id: bene.beneficiary_id } };
    expect(await client.createTransfer(request)).toMatchObject({ transfer_id: "po_contract_1", status: "RECEIVED", transfer_amount: 120.5 });
    await expect(client.createTransfer(request)).rejects.toMatchObject({ status: 409, code: "transfer_id_already_exists" });
    await expect(client.createTransfer({ ...request, transfer_id: "po_contract_2", transfer_amount: 0.5 })).rejects.toMatchObject({ status: 400 });
    await expect(client.createTransfer({ ...request, transfer_id: "po_contract_3", beneficiary_details: { beneficiary_id: "kh_missing" } })).rejects.toMatchObject({ status: 404 });

    expect((await settle("po_contract_1", "REVERSED")).status).toBe(409);
    expect((await settle("po_contract_1", "SUCCESS")).status).toBe(200);
    expect(await client.getTransfer("po_contract_1")).toMatchObject({ status: "SUCCESS", transfer_utr: expect.stringMatching(/^UTR/) });
    const hook = receiver.received.at(-1)!;
    expect(hook.body).toContain('"transfer_amount":120.50');
    const verdict = verifyPayoutWebhook({ rawBody: hook.body, headers: new Headers(hook.headers as Record<string, string>), secret: PAYOUT_SECRET });
    expect(verdict).toMatchObject({ ok: true, event: { type: "TRANSFER_SUCCESS", data: { transfer_id: "po_contract_1", status: "SUCCESS" } } });
    expect((await settle("po_contract_1", "FAILED")).status).toBe(409);
    expect((await settle("po_contract_1", "REVERSED")).status).toBe(200);
    expect(verifyPayoutWebhook({ rawBody: receiver.received.at(-1)!.body, headers: new Headers(receiver.received.at(-1)!.headers as Record<string, string>), secret: PAYOUT_SECRET })).toMatchObject({ ok: true, event: { type: "TRANSFER_REVERSED" } });
    expect(await client.getTransfer("po_missing")).toBeNull();
  });
});
