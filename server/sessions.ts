import { appError, type AppError, type HttpResponse } from '../shared/protocol/index.js';
import type { TokenService } from './auth/tokens.js';
import type { RoomService } from './room/service.js';
import type { Store } from './store/port.js';

/** Join codes avoid look-alike characters (0/O, 1/I/L): students type them from a projector. */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 6;

export type SessionServiceDeps = {
  rooms: RoomService;
  store: Store;
  tokens: TokenService;
  /** A random index in [0, n): the shell passes crypto.randomInt. */
  randomIndex: (n: number) => number;
};

const isError = (x: unknown): x is AppError => typeof x === 'object' && x !== null && 'code' in x && 'message' in x;

/** The HTTP-side use cases: create a session, join it, watch it. Rooms do the deciding. */
export function createSessionService({ rooms, store, tokens, randomIndex }: SessionServiceDeps) {
  function newCode(): string {
    return Array.from({ length: JOIN_CODE_LENGTH }, () => JOIN_CODE_ALPHABET[randomIndex(JOIN_CODE_ALPHABET.length)]).join('');
  }

  async function claimCode(sessionId: string): Promise<string | null> {
    for (let i = 0; i < 20; i++) {
      const code = newCode();
      if (await store.claimJoinCode(code, sessionId)) return code;
    }
    return null;
  }

  async function sessionFor(code: string): Promise<string | AppError> {
    return (await store.findSessionByCode(code)) ?? appError('NOT_FOUND', 'no session with that code');
  }

  return {
    async create(scenarioId: string): Promise<HttpResponse<'createSession'> | AppError> {
      const state = await rooms.create(scenarioId);
      if (isError(state)) return state;
      const joinCode = await claimCode(state.sessionId);
      if (joinCode === null) return appError('INTERNAL', 'could not allocate a join code');
      const facilitatorToken = await tokens.sign({ role: 'facilitator', sessionId: state.sessionId, playerId: null });
      return { sessionId: state.sessionId, joinCode, facilitatorToken };
    },

    async join(code: string, nickname: string): Promise<HttpResponse<'joinSession'> | AppError> {
      const sessionId = await sessionFor(code);
      if (isError(sessionId)) return sessionId;
      const result = await rooms.execute(sessionId, { role: 'system' }, { type: 'player:join', nickname });
      if (result.kind === 'rejected') return result.error;
      const joined = result.kind === 'applied' ? result.facts.find((f) => f.type === 'playerJoined') : undefined;
      if (joined?.type !== 'playerJoined') return appError('INTERNAL', 'join recorded no player');
      const playerToken = await tokens.sign({ role: 'player', sessionId, playerId: joined.playerId });
      return { sessionId, playerId: joined.playerId, seat: joined.seat, nickname: joined.nickname, playerToken };
    },

    async spectate(code: string): Promise<HttpResponse<'spectate'> | AppError> {
      const sessionId = await sessionFor(code);
      if (isError(sessionId)) return sessionId;
      return { sessionId, spectatorToken: await tokens.sign({ role: 'spectator', sessionId, playerId: null }) };
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
export { isError as isAppError };
