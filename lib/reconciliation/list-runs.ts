import { desc } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { reconciliationRuns } from "@/lib/db/schema";
import { runView, type RunView } from "./reconciliation-view";

/** Operators only (policy `operator:reconciliation`): the latest runs, newest first. */
export async function listRuns(db: Db, input: { limit: number }): Promise<RunView[]> {
  const rows = await db.select().from(reconciliationRuns).orderBy(desc(reconciliationRuns.requestedAt), desc(reconciliationRuns.id)).limit(input.limit);
  return rows.map(runView);
}
