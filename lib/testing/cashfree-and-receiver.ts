import { afterAll, beforeAll } from "vitest";
import { startTestCashfree, type TestCashfree } from "./orders";
import { startReceiver, type Receiver } from "./webhook-receiver";

/**
 * The emulated Cashfree and a webhook receiver for one test file (the subscription and auto top-up tests):
 * started before its tests, closed after them. Call at the file's top level; read `cf` and `receiver` inside tests.
 */
export function cashfreeAndReceiverPerFile(): { readonly cf: TestCashfree; readonly receiver: Receiver } {
  let cf: TestCashfree | undefined;
  let receiver: Receiver | undefined;
  beforeAll(async () => {
    cf = await startTestCashfree();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await cf?.close();
    await receiver?.close();
  });
  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`${name} is read before beforeAll started it`);
    return value;
  };
  return {
    get cf() {
      return started(cf, "cf");
    },
    get receiver() {
      return started(receiver, "receiver");
    },
  };
}
