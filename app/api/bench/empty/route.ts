// POST /api/bench/empty – the benchmarks' ceiling: reads the body and answers 200; 404 unless BENCH_ROUTES=1
export async function POST(request: Request): Promise<Response> {
  if (process.env.BENCH_ROUTES !== "1") return new Response(null, { status: 404 });
  await request.text();
  return new Response('{"ok":true}', { status: 200, headers: { "content-type": "application/json" } });
}
