"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useHydrated } from "@/components/use-hydrated";

export interface DailyUsagePoint {
  /** Day of the month, 1–31. */
  day: number;
  /** "23 Nov" */
  label: string;
  credits: number;
}

const grouping = new Intl.NumberFormat("en-IN");

/**
 * Daily credit usage for the month as a bar chart. The box has a fixed height so nothing moves when it draws; until
 * the chart code runs it holds a skeleton of that size. The chart itself is drawn only in the browser, at the box's
 * measured width: a server-side guess (recharts' initial 600 px) made the page 637 px wide at 375 px.
 */
export function UsageChart({ data, monthLabel }: { data: DailyUsagePoint[]; monthLabel: string }) {
  const hydrated = useHydrated();
  const total = data.reduce((s, d) => s + d.credits, 0);
  const busiest = data.reduce((best, d) => (d.credits > best.credits ? d : best), data[0] ?? { day: 0, label: "", credits: 0 });
  return (
    <figure className="m-0">
      <div className="relative h-60 w-full min-w-0 overflow-hidden" data-testid="usage-chart" role="img" aria-label={`Daily credit usage for ${monthLabel}: ${grouping.format(total)} credits in total${busiest.credits > 0 ? `, highest on ${busiest.label} with ${grouping.format(busiest.credits)} credits` : ""}.`}>
        {hydrated ? (
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 1, height: 240 }}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="day" tickLine={false} axisLine={false} tick={{ fill: "#475569", fontSize: 12 }} interval="preserveStartEnd" minTickGap={8} />
            <YAxis
              tickLine={false}
              axisLine={false}
              width={48}
              allowDecimals={false}
              tick={{ fill: "#475569", fontSize: 12 }}
              tickFormatter={(v: number) => grouping.format(v)}
            />
            <Tooltip
              cursor={{ fill: "#eef6ff" }}
              formatter={(value) => [`${grouping.format(Number(value))} credits`, "Used"]}
              labelFormatter={(_, payload) => (payload?.[0]?.payload as DailyUsagePoint | undefined)?.label ?? ""}
              contentStyle={{ borderRadius: 8, borderColor: "#e2e8f0", fontSize: 13 }}
            />
            <Bar dataKey="credits" fill="#1d5fd0" radius={[3, 3, 0, 0]} maxBarSize={24} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
        ) : (
          <div aria-hidden className="flex h-full items-end gap-1 px-12 pb-6" data-testid="usage-chart-skeleton">
            {data.map((d) => (
              <div key={d.day} className="flex-1 animate-pulse rounded-t bg-slate-200" style={{ height: `${20 + ((d.day * 37) % 60)}%` }} />
            ))}
          </div>
        )}
        {total === 0 ? (
          <p className="pointer-events-none absolute inset-0 flex items-center justify-center text-sm text-slate-600">
            <span className="rounded-md bg-white/90 px-3 py-1.5 shadow-sm ring-1 ring-slate-200">No credits used yet this month</span>
          </p>
        ) : null}
      </div>
      <figcaption className="sr-only">Credits used per day in {monthLabel} (IST calendar days).</figcaption>
    </figure>
  );
}
