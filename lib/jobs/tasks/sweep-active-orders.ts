import type { Task } from "graphile-worker";
import { getCashfreeClient } from "@/lib/orders/cashfree-client";
import { sweepActiveOrders } from "@/lib/orders/sweep-active-orders";
import type { JobDeps } from "../job-deps";

/** Crontab: orders still open minutes after checkout began are settled from Cashfree's Get Payments, or expired. */
export const sweepActiveOrdersTask =
  (deps: JobDeps): Task =>
  async () => {
    await sweepActiveOrders({ db: deps.db, cashfree: deps.cashfree ?? getCashfreeClient(), now: deps.now });
  };
