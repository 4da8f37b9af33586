export const NICKNAME_MAX = 24;

/**
 * Nicknames are shown on the facilitator's projector: normalize to NFC, drop control and format
 * characters (bidi overrides, zero-width joiners), collapse spaces, bound the length.
 */
export function normalizeNickname(raw: string): string {
  const cleaned = raw.normalize('NFC').replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, '').replace(/\s+/gu, ' ').trim();
  return [...cleaned].slice(0, NICKNAME_MAX).join('').trim();
}

export function sameNickname(a: string, b: string): boolean {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}
