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

  it('keeps its texts apart from another encoder\'s', () => {
    const fact = { type: 'sessionStarted', seq: 2 };
    const a = createJsonText();
    const b = createJsonText();
    a(fact);
    const stringify = vi.spyOn(JSON, 'stringify');
    b(fact);
    expect(stringify).toHaveBeenCalledTimes(1);
  });
});
