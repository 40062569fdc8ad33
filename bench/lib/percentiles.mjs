/** Latency percentiles of plain timings (ms), for in-process measurements and the paced load generator. */
export function percentiles(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  const sum = s.reduce((a, b) => a + b, 0);
  return { n: s.length, mean: +(sum / s.length).toFixed(2), p50: +at(0.5).toFixed(2), p90: +at(0.9).toFixed(2), p99: +at(0.99).toFixed(2), p999: +at(0.999).toFixed(2), max: +s[s.length - 1].toFixed(2) };
}
