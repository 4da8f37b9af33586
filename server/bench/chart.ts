/**
 * A line chart as SVG text, with no dependencies: for the benchmark's ack latency against offered
 * load. Pure: series in, markup out. The y axis is logarithmic (latencies span decades), the x
 * axis linear; points that cannot be drawn (NaN, or ≤ 0 on the log axis) are left out.
 */
export type Series = { name: string; color: string; dashed?: boolean; points: readonly { x: number; y: number }[] };
export type ChartSpec = { title: string; xLabel: string; yLabel: string; series: readonly Series[]; width?: number; height?: number };

const MARGIN = { left: 64, right: 200, top: 40, bottom: 52 };

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Round tick steps for a linear axis from 0 to max: 1, 2 or 5 times a power of ten, about five ticks. */
export function linearTicks(max: number): number[] {
  if (!(max > 0)) return [0];
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks = [0];
  while ((ticks[ticks.length - 1] as number) < max * 0.9999) ticks.push(Math.round(ticks.length * step * 1e9) / 1e9);
  return ticks;
}

/** Decades covering [min, max] on a log axis: 10^a … 10^b with 10^a ≤ min and max ≤ 10^b. */
export function decades(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  return Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
}

export function lineChart(spec: ChartSpec): string {
  const width = spec.width ?? 760;
  const height = spec.height ?? 420;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const drawable = spec.series.map((s) => ({ ...s, points: s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && p.y > 0) }));
  const all = drawable.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map((p) => p.x));
  const xTicks = linearTicks(xMax);
  const xTop = xTicks[xTicks.length - 1] as number;
  const yDecades = all.length === 0 ? [1, 10] : decades(Math.min(...all.map((p) => p.y)), Math.max(...all.map((p) => p.y)));
  const yLo = Math.log10(yDecades[0] as number);
  const yHi = Math.log10(yDecades[yDecades.length - 1] as number);
  const px = (x: number) => MARGIN.left + (x / xTop) * plotW;
  const py = (y: number) => MARGIN.top + plotH - ((Math.log10(y) - yLo) / (yHi - yLo)) * plotH;
  const f = (v: number) => v.toFixed(1);

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  out.push(`<text x="${width / 2 - MARGIN.right / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(spec.title)}</text>`);
  for (const t of xTicks) {
    out.push(`<line x1="${f(px(t))}" y1="${MARGIN.top}" x2="${f(px(t))}" y2="${MARGIN.top + plotH}" stroke="#e4e4e4"/>`);
    out.push(`<text x="${f(px(t))}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${t}</text>`);
  }
  for (const d of yDecades) {
    for (const m of [1, 2, 5]) {
      const y = d * m;
      if (Math.log10(y) > yHi + 1e-9) continue;
      out.push(`<line x1="${MARGIN.left}" y1="${f(py(y))}" x2="${MARGIN.left + plotW}" y2="${f(py(y))}" stroke="${m === 1 ? '#d0d0d0' : '#f0f0f0'}"/>`);
      out.push(`<text x="${MARGIN.left - 6}" y="${f(py(y) + 4)}" text-anchor="end">${y}</text>`);
    }
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${height - 14}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`);
  drawable.forEach((s, i) => {
    const points = [...s.points].sort((a, b) => a.x - b.x);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    if (points.length > 0) out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${points.map((p) => `${f(px(p.x))},${f(py(p.y))}`).join(' ')}"/>`);
    for (const p of points) out.push(`<circle cx="${f(px(p.x))}" cy="${f(py(p.y))}" r="3" fill="${s.color}"/>`);
    const ly = MARGIN.top + 10 + i * 20;
    const lx = MARGIN.left + plotW + 16;
    out.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 28}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${lx + 34}" y="${ly + 4}">${escapeXml(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
