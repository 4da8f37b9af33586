import { afterEach, describe, expect, it, vi } from 'vitest';
import { createJsonText } from '../../shared/protocol/index.js';

describe('JSON text shared by the store and the transport', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is the text JSON.stringify makes', () => {
    const jsonText = createJsonText();
    const fact = { type: 'decisionSubmitted', seq: 3, decision: { kind: 'numeric', value: 0.1 + 0.2 }, note: 'é🙂"\n' };
    expect(jsonText(fact)).toBe(JSON.stringify(fact));
    expect(JSON.parse(jsonText(fact))).toEqual(fact);
  });

  it('encodes each object once however often it is asked for, and equal objects each for themselves', () => {
    const jsonText = createJsonText();
    const stringify = vi.spyOn(JSON, 'stringify');
    const fact = { type: 'turnRevealed', seq: 9 };
    const copy = { ...fact };
    expect(jsonText(fact)).toBe(jsonText(fact));
    expect(stringify).toHaveBeenCalledTimes(1);
    expect(jsonText(copy)).toBe(jsonText(fact));
    expect(stringify).toHaveBeenCalledTimes(2);
  });

  it("keeps its texts apart from another encoder's", () => {
    const fact = { type: 'sessionStarted', seq: 2 };
    const a = createJsonText();
    const b = createJsonText();
    a(fact);
    const stringify = vi.spyOn(JSON, 'stringify');
    b(fact);
    expect(stringify).toHaveBeenCalledTimes(1);
  });

  it('keeps the text out of sight: JSON, copies and keys are those of the value alone', () => {
    const jsonText = createJsonText();
    const fact = { type: 'sessionStarted', seq: 1, at: 5 };
    const text = jsonText(fact);
    expect(JSON.stringify(fact)).toBe(text);
    expect(Object.keys(fact)).toEqual(['type', 'seq', 'at']);
    const copy = { ...fact };
    expect(Object.getOwnPropertySymbols(copy)).toEqual([]);
    const stringify = vi.spyOn(JSON, 'stringify');
    expect(jsonText(copy)).toBe(text);
    expect(stringify).toHaveBeenCalledTimes(1);
  });

  it('still encodes a value that cannot take the text, each time it is asked for', () => {
    const jsonText = createJsonText();
    const frozen = Object.freeze({ type: 'sessionEnded', seq: 4 });
    const stringify = vi.spyOn(JSON, 'stringify');
    expect(jsonText(frozen)).toBe('{"type":"sessionEnded","seq":4}');
    expect(jsonText(frozen)).toBe('{"type":"sessionEnded","seq":4}');
    expect(stringify).toHaveBeenCalledTimes(2);
  });
});
