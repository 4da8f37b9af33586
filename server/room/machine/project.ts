import type { RoomFact, WireEvent } from '../../../shared/protocol/index.js';
import { assertNever } from './state.js';

/**
 * A player audience with `playerId: null` means "a player none of this event's private content
 * belongs to": the view every other player gets.
 */
export type Audience = { role: 'facilitator' } | { role: 'spectator' } | { role: 'player'; playerId: string | null };

/** What one audience may see of one fact. Others' decisions stay sealed until the reveal. */
export function project(fact: RoomFact, audience: Audience): WireEvent {
  switch (fact.type) {
    case 'decisionSubmitted': {
      const own = audience.role === 'facilitator' || (audience.role === 'player' && audience.playerId === fact.playerId);
      return own ? fact : { type: 'decisionSealed', seq: fact.seq, at: fact.at, turn: fact.turn, playerId: fact.playerId };
    }
    case 'debriefPublished': {
      if (audience.role === 'facilitator') return fact;
      const mine = audience.role === 'player' && audience.playerId !== null ? fact.players[audience.playerId] : undefined;
      return { ...fact, players: mine ? { [mine.playerId]: mine } : {} };
    }
    case 'sessionCreated': case 'playerJoined': case 'sessionStarted': case 'turnOpened':
    case 'turnClosed': case 'turnRevealed': case 'sessionEnded':
      return fact;
    default: return assertNever(fact);
  }
}

/** Players whose view of this fact differs from every other player's. */
export function personalAudience(fact: RoomFact): string[] {
  switch (fact.type) {
    case 'decisionSubmitted': return [fact.playerId];
    case 'debriefPublished': return Object.keys(fact.players);
    default: return [];
  }
}

export type DeliveryTarget =
  | { to: 'facilitator' }
  | { to: 'spectators' }
  | { to: 'players'; except: string[] }
  | { to: 'player'; playerId: string };
export type Delivery = DeliveryTarget & { event: WireEvent };

/**
 * Who gets which projection of a fact: one projection per distinct view, not one per socket.
 * The transport maps targets to its channels.
 */
export function planDeliveries(fact: RoomFact): Delivery[] {
  const personal = personalAudience(fact);
  return [
    { to: 'facilitator', event: project(fact, { role: 'facilitator' }) },
    { to: 'spectators', event: project(fact, { role: 'spectator' }) },
    { to: 'players', except: personal, event: project(fact, { role: 'player', playerId: null }) },
    ...personal.map((playerId): Delivery => ({ to: 'player', playerId, event: project(fact, { role: 'player', playerId }) })),
  ];
}
