// POST /api/bench/empty – the benchmarks' ceiling: reads the body and answers 200; 404 unless BENCH_ROUTES=1
import { getEnv } from "@/lib/config/env";

export async function POST(request: Request): Promise<Response> {
  if (!getEnv().BENCH_ROUTES) return new Response(null, { status: 404 });
  await request.text();
  return new Response('{"ok":true}', { status: 200, headers: { "content-type": "application/json" } });
}
