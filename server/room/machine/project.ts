import type { RoomFact, WireEvent } from '../../../shared/protocol/index.js';
import { assertNever } from './state.js';

/**
 * A player audience with `playerId: null` means "a player none of this event's private content
 * belongs to": the view every other player gets.
 */
export type Audience = { role: 'facilitator' } | { role: 'spectator' } | { role: 'player'; playerId: string | null };

const otherPlayer: Audience = { role: 'player', playerId: null };

const isPlayer = (audience: Audience, playerId: string) => audience.role === 'player' && audience.playerId === playerId;

/**
 * What one audience may see of one fact. Others' decisions stay sealed until the reveal (unless a
 * sequential turn makes them public); briefings, self-paced results and debriefs go to their own
 * player; condition assignments only to the facilitator.
 */
export function project(fact: RoomFact, audience: Audience): WireEvent {
  if (audience.role === 'facilitator') return fact;
  // A spectator sees exactly what a player sees of facts that are not theirs (planDeliveries
  // sends them one batch), so that view is the only one computed for them.
  if (audience.role === 'spectator') return project(fact, otherPlayer);
  switch (fact.type) {
    case 'playerJoined':
      return { ...fact, conditions: {}, vars: {}, briefing: isPlayer(audience, fact.playerId) ? fact.briefing : null };
    case 'turnOpened': {
      // A self-paced turn is one player's business: the others learn who moved on, not to what.
      if (fact.playerId !== null && !isPlayer(audience, fact.playerId)) {
        return { type: 'playerTurnOpened', seq: fact.seq, at: fact.at, turn: fact.turn, turnId: fact.turnId, playerId: fact.playerId };
      }
      // Nothing personal to anyone else (a self-paced turn, or a turn with only this player's
      // briefing): the view is the fact itself, whose JSON the store already made.
      if (Object.keys(fact.personal).every((p) => isPlayer(audience, p))) return fact;
      const own = audience.role === 'player' && audience.playerId !== null ? fact.personal[audience.playerId] : undefined;
      return { ...fact, personal: own && audience.role === 'player' && audience.playerId ? { [audience.playerId]: own } : {} };
    }
    case 'turnAnswered':
      // One player's business: the others learn who answered and where they went on to, nothing of what.
      return isPlayer(audience, fact.playerId) ? fact
        : { type: 'playerAnswered', seq: fact.seq, at: fact.at, turn: fact.turn, turnId: fact.turnId, playerId: fact.playerId, next: fact.next && { turn: fact.next.turn, turnId: fact.next.turnId } };
    case 'decisionSubmitted':
      return fact.public || isPlayer(audience, fact.playerId) ? fact : { type: 'decisionSealed', seq: fact.seq, at: fact.at, turn: fact.turn, playerId: fact.playerId };
    case 'turnRevealed':
      return fact.playerId === null || isPlayer(audience, fact.playerId) ? fact : { ...fact, results: {}, outcome: {}, summary: '' };
    case 'debriefPublished': {
      const mine = audience.role === 'player' && audience.playerId !== null ? fact.players[audience.playerId] : undefined;
      return { ...fact, players: mine ? { [mine.playerId]: mine } : {} };
    }
    case 'sessionCreated': case 'sessionStarted': case 'turnClosed': case 'playerFinished': case 'playerKicked': case 'sessionEnded':
      return fact;
    default: return assertNever(fact);
  }
}

/** Players whose view of this fact differs from every other player's. */
export function personalAudience(fact: RoomFact): string[] {
  switch (fact.type) {
    case 'playerJoined': return fact.briefing ? [fact.playerId] : [];
    case 'turnOpened': return fact.playerId !== null ? [fact.playerId] : Object.keys(fact.personal);
    case 'turnAnswered': return [fact.playerId];
    case 'decisionSubmitted': return fact.public ? [] : [fact.playerId];
    case 'turnRevealed': return fact.playerId === null ? [] : [fact.playerId];
    case 'debriefPublished': return Object.keys(fact.players);
    default: return [];
  }
}

export type DeliveryTarget =
  | { to: 'facilitator' }
  /** Spectators and every player except those listed (who get their own batch). */
  | { to: 'others'; except: string[] }
  | { to: 'player'; playerId: string };
/** Everything one audience sees of one command's facts, in sequence order: one push per socket. */
export type Delivery = DeliveryTarget & { events: WireEvent[] };

const facilitator: Audience = { role: 'facilitator' };

/**
 * Who gets which projection of the facts one command made: one batch per distinct view, each
 * computed once, not once per socket. The views are the facilitator's, each player's whom some
 * fact is personal to, and everyone else's: a spectator sees exactly what a player sees of facts
 * that are not theirs, so spectators and the other players share one batch (one encoding, and one
 * message through the adapter). The transport maps targets to its channels.
 */
export function planDeliveries(facts: readonly RoomFact[]): Delivery[] {
  const personalTo = facts.map(personalAudience);
  const personal = [...new Set(personalTo.flat())];
  // A player sees a fact that is not personal to them exactly as everyone else does: the same
  // object, so the transport can encode it once for all the batches it is in.
  const shared = facts.map((f) => project(f, otherPlayer));
  return [
    { to: 'facilitator', events: facts.map((f) => project(f, facilitator)) },
    { to: 'others', except: personal, events: shared },
    ...personal.map((playerId): Delivery => ({
      to: 'player', playerId,
      events: facts.map((f, i) => (personalTo[i]?.includes(playerId) ? project(f, { role: 'player', playerId }) : shared[i] as WireEvent)),
    })),
  ];
}
