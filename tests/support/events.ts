import type { WireEvent, WireEventOf } from '../../shared/protocol/index.js';

export const is = <T extends WireEvent['type']>(type: T) => (e: WireEvent): e is WireEventOf<T> => e.type === type;
export const isTurn = <T extends 'turnOpened' | 'turnRevealed' | 'turnClosed'>(type: T, turn: number) =>
  (e: WireEvent): e is WireEventOf<T> => e.type === type && (e as { turn: number }).turn === turn;
