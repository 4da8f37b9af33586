import { describe, expect, it } from 'vitest';
import { decades, escapeXml, linearTicks, lineChart } from '../../server/bench/chart.js';

/** The polylines' points, as numbers, in the order drawn. */
function polylines(svg: string): { x: number; y: number }[][] {
  return [...svg.matchAll(/<polyline[^>]* points="([^"]*)"/g)].map((m) => (m[1] ?? '').split(' ').map((pair) => {
    const [x, y] = pair.split(',').map(Number);
    return { x: x as number, y: y as number };
  }));
}

describe('benchmark chart', () => {
  it('ticks a linear axis in round steps that cover the maximum', () => {
    expect(linearTicks(4000)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(linearTicks(2300)).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    expect(linearTicks(0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it('spans a log axis with the decades around the data', () => {
    expect(decades(0.3, 45)).toEqual([0.1, 1, 10, 100]);
    expect(decades(2, 3)).toEqual([1, 10]);
  });

  it('draws each series in x order, higher x to the right, higher y up, a decade per equal step', () => {
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [
      { name: 'a', color: '#000', points: [{ x: 2000, y: 10 }, { x: 1000, y: 1 }, { x: 3000, y: 100 }] },
      { name: 'b', color: '#f00', dashed: true, points: [{ x: 1000, y: Number.NaN }, { x: 2000, y: 0 }, { x: 3000, y: 5 }] },
    ] });
    const [a, b] = polylines(svg);
    expect(a).toHaveLength(3);
    const [p1, p2, p3] = a as [{ x: number; y: number }, { x: number; y: number }, { x: number; y: number }];
    expect(p1.x).toBeLessThan(p2.x);
    expect(p2.x).toBeLessThan(p3.x);
    expect(p1.y).toBeGreaterThan(p2.y);
    expect(p2.y).toBeGreaterThan(p3.y);
    // 1 → 10 and 10 → 100 are the same distance on the log axis.
    expect(p1.y - p2.y).toBeCloseTo(p2.y - p3.y, 0);
    // NaN and 0 cannot be drawn on a log axis: left out.
    expect(b).toHaveLength(1);
    expect(svg).toContain('stroke-dasharray');
  });

  it('escapes text', () => {
    expect(escapeXml('p99 < 25 & "fast"')).toBe('p99 &lt; 25 &amp; &quot;fast&quot;');
    expect(lineChart({ title: 'a < b', xLabel: 'x', yLabel: 'y', series: [] })).toContain('a &lt; b');
  });
});
