import type { Db } from "@/lib/db";
import type { DeliverOptions } from "@/lib/outbound-webhooks/deliver-webhook";

/** What tasks run against: the app's drizzle database, and delivery settings tests pin (clock, backoff, policy). */
export interface JobDeps {
  db: Db;
  delivery?: DeliverOptions;
}
