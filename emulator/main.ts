import { startEmulator } from "./server";

const port = Number(process.env.CASHFREE_EMULATOR_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid CASHFREE_EMULATOR_PORT: ${process.env.CASHFREE_EMULATOR_PORT}`);

const emulator = await startEmulator({
  port,
  host: process.env.CASHFREE_EMULATOR_HOST ?? "127.0.0.1",
  clientId: process.env.CASHFREE_CLIENT_ID ?? "emulator_client_id",
  clientSecret: process.env.CASHFREE_CLIENT_SECRET ?? "emulator_client_secret",
  publicUrl: process.env.CASHFREE_EMULATOR_PUBLIC_URL || undefined,
  defaultNotifyUrl: process.env.CASHFREE_EMULATOR_DEFAULT_NOTIFY_URL || undefined,
  payoutClientId: process.env.CASHFREE_PAYOUT_CLIENT_ID ?? "emulator_payout_client_id",
  payoutClientSecret: process.env.CASHFREE_PAYOUT_CLIENT_SECRET ?? "emulator_payout_client_secret",
  // Cashfree sends Payouts webhooks to the URL set on its dashboard: here, the app's route.
  payoutWebhookUrl: process.env.CASHFREE_EMULATOR_PAYOUT_WEBHOOK_URL || `${(process.env.APP_URL ?? "http://localhost:3000").replace(/\/+$/, "")}/api/v1/payouts/webhook`,
});

console.log(`Cashfree emulator listening on ${emulator.url}`);
console.log(`  API base URL:  ${emulator.url}/pg`);
console.log(`  Payouts API:   ${emulator.url}/payout`);
console.log(`  cashfree.js:   ${emulator.url}/cashfree.js`);
console.log(`  control API:   ${emulator.url}/__control/...`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
