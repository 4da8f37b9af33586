import type { CommandPayload } from '../../../shared/protocol/index.js';

/** Who is acting. `system` is the server itself: HTTP joins and timer firings. */
export type Actor =
  | { role: 'facilitator' }
  | { role: 'player'; playerId: string }
  | { role: 'spectator' }
  | { role: 'system' };

/** Commands the room machine decides on: the wire's room commands plus the server's own. */
export type RoomCommand =
  | { type: 'player:join'; nickname: string }
  | { type: 'session:start' }
  | ({ type: 'turn:close' } & CommandPayload<'turn:close'>)
  | ({ type: 'turn:next' } & CommandPayload<'turn:next'>)
  | { type: 'session:end' }
  | ({ type: 'player:kick' } & CommandPayload<'player:kick'>)
  | ({ type: 'decision:submit' } & CommandPayload<'decision:submit'>);

export type RoomCommandType = RoomCommand['type'];
