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

  it('keeps the texts of recent values only: an old value is encoded again, to the same text', () => {
    const jsonText = createJsonText(4);
    const first = { type: 'sessionStarted', seq: 1 };
    const text = jsonText(first);
    const stringify = vi.spyOn(JSON, 'stringify');
    for (let seq = 2; seq <= 5; seq++) jsonText({ type: 'sessionStarted', seq });
    // Four newer values: the first is still in the older generation.
    expect(jsonText(first)).toBe(text);
    expect(stringify).toHaveBeenCalledTimes(4);
    for (let seq = 6; seq <= 9; seq++) jsonText({ type: 'sessionStarted', seq });
    expect(jsonText(first)).toBe(text);
    expect(stringify).toHaveBeenCalledTimes(9);
  });
});
