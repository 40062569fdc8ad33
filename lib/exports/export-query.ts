import { z } from "zod";
import { istPeriodShape, refineIstPeriod, toIstPeriod } from "@/lib/validation/ist-period";
import { EXPORT_KINDS } from "./export-sources";
import { EXPORT_FORMATS } from "./stream-export";

/** GET /api/v1/exports/:kind?from=&to=&format=csv|xlsx */
export const exportParamsSchema = z.object({ kind: z.enum(EXPORT_KINDS) });

export const exportQuerySchema = z
  .strictObject({ ...istPeriodShape, format: z.enum(EXPORT_FORMATS).optional().default("csv") })
  .superRefine(refineIstPeriod)
  .transform((q) => ({ period: toIstPeriod(q), format: q.format }));
