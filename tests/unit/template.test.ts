import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatFigure, renderTemplate } from '../../shared/scenario/index.js';

/** The plain definition: one regex replacement. renderTemplate caches a split template and must agree. */
function reference(text: string, vars: Readonly<Record<string, number | string | null>>): string {
  return text.replace(/\{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}/g, (whole, name: string) => {
    if (!Object.hasOwn(vars, name)) return whole;
    const v = vars[name] ?? null;
    return typeof v === 'string' ? v : formatFigure(v);
  });
}

describe('templates', () => {
  it('formats figures: rounded, thousands separated, a dash for none', () => {
    expect(formatFigure(259.3742)).toBe('259');
    expect(formatFigure(1.23456)).toBe('1.23');
    expect(formatFigure(-12.5)).toBe('-12.5');
    expect(formatFigure(1234567.8)).toBe('1,234,568');
    expect(formatFigure(-1000)).toBe('-1,000');
    expect(formatFigure(999.6)).toBe('1,000');
    expect(formatFigure(null)).toBe('—');
  });
  it('fills placeholders exactly as the one-regex definition does, for any text and vars', () => {
    const name = fc.constantFrom('a', 'b', 'rate', 'x1', 'unknown');
    const piece = fc.oneof(fc.string({ maxLength: 6 }), name.map((n) => `{{${n}}}`), name.map((n) => `{{ ${n} }}`), fc.constant('{{'), fc.constant('}}'));
    const value = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e7, max: 1e7 }), fc.string({ maxLength: 5 }), fc.constant(null));
    fc.assert(fc.property(fc.array(piece, { maxLength: 8 }), fc.dictionary(fc.constantFrom('a', 'b', 'rate', 'x1'), value), (pieces, vars) => {
      const text = pieces.join('');
      expect(renderTemplate(text, vars)).toBe(reference(text, vars));
      expect(renderTemplate(text, vars)).toBe(reference(text, vars)); // and again, from the cache
    }), { numRuns: 500 });
  });
});
