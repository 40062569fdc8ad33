// POST /api/bench/wrapper – the benchmarks' second ceiling: the usage body through the API wrapper (request context, body read, zod, envelope) and no database; 404 unless BENCH_ROUTES=1
import { apiRoute } from "@/lib/api/route";
import { getEnv } from "@/lib/config/env";
import { usageEventSchema } from "@/lib/usage/schemas";

const wrapped = apiRoute({ auth: "public", body: usageEventSchema }, async ({ body }) => ({ status: 201, body: { event_id: body.event_id, credits: body.credits } }));

export async function POST(request: Request): Promise<Response> {
  if (!getEnv().BENCH_ROUTES) return new Response(null, { status: 404 });
  return wrapped(request);
}
