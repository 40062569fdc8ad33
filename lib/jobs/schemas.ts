import { z } from "zod";

/** graphile-worker job ids are bigints; they travel as decimal strings. */
export const jobIdParamsSchema = z.object({
  job_id: z.string().regex(/^[1-9][0-9]{0,17}$/, "job_id must be a job's numeric id"),
});
