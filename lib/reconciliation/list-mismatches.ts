import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { reconciliationMismatches, reconciliationRuns } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { mismatchesCsv, mismatchView, runView, type MismatchView, type RunView } from "./reconciliation-view";

async function mismatchRows(db: Db, runId: string) {
  const [run] = await db.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, runId));
  if (!run) throw notFound("Reconciliation run");
  const rows = await db.select().from(reconciliationMismatches).where(eq(reconciliationMismatches.runId, runId)).orderBy(asc(reconciliationMismatches.id));
  return { run, rows };
}

/** Operators only: a run and its mismatches (the page). Unknown run → 404. */
export async function listMismatches(db: Db, runId: string): Promise<{ run: RunView; mismatches: MismatchView[] }> {
  const { run, rows } = await mismatchRows(db, runId);
  return { run: runView(run), mismatches: rows.map(mismatchView) };
}

/** Operators only: a run's mismatches as a CSV download, named after the run. Unknown run → 404. */
export async function mismatchesCsvResponse(db: Db, runId: string): Promise<Response> {
  const { run, rows } = await mismatchRows(db, runId);
  return new Response(mismatchesCsv(rows), {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="reconciliation-${run.id}-mismatches.csv"`,
      "cache-control": "no-store",
    },
  });
}
