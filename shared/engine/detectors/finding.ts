import type { Figures, Finding } from '../../protocol/debrief.js';
import { round } from '../stats.js';

/** Build a finding with rounded numbers, so debriefs and logs show stable values. */
export function makeFinding(input: {
  detector: string; bias: string; score: number | null; interval?: readonly [number, number] | null; n: number;
  evidence: readonly string[]; explanation: string; test?: { name: string; pValue: number }; details?: Figures;
}): Finding {
  const r = (v: number) => round(v, 4);
  return {
    detector: input.detector, bias: input.bias, score: input.score === null ? null : r(input.score),
    interval: input.interval ? [r(input.interval[0]), r(input.interval[1])] : null,
    n: input.n, evidence: [...new Set(input.evidence)], explanation: input.explanation,
    ...(input.test ? { test: { name: input.test.name, pValue: round(input.test.pValue, 6) } } : {}),
    ...(input.details ? { details: Object.fromEntries(Object.entries(input.details).map(([k, v]) => [k, v === null ? null : r(v)])) } : {}),
  };
}

export function percent(x: number): string {
  return `${Math.round(x * 100)} %`;
}
