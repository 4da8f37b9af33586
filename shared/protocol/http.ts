import { z } from 'zod';
import { AppErrorSchema } from './errors.js';

/** Nicknames: bounded, trimmed; normalization (NFC, control and bidi characters removed) is the room's job. */
export const NicknameSchema = z.string().trim().min(1).max(64);
export const JoinCodeSchema = z.string().trim().toUpperCase().regex(/^[A-Z0-9]{4,10}$/);

export const httpContracts = {
  listScenarios: {
    method: 'GET', path: '/api/scenarios', body: null,
    response: z.object({ scenarios: z.array(z.object({
      id: z.string(), title: z.string(), summary: z.string(), biases: z.array(z.string()),
      turnCount: z.number().int(), durationMinutes: z.number(), players: z.object({ min: z.number(), max: z.number() }),
    })) }),
  },
  createSession: {
    method: 'POST', path: '/api/sessions',
    body: z.object({ scenarioId: z.string().min(1).max(100) }).strict(),
    response: z.object({ sessionId: z.string(), joinCode: z.string(), facilitatorToken: z.string() }),
  },
  joinSession: {
    method: 'POST', path: '/api/join',
    body: z.object({ code: JoinCodeSchema, nickname: NicknameSchema }).strict(),
    response: z.object({ sessionId: z.string(), playerId: z.string(), seat: z.number().int(), nickname: z.string(), playerToken: z.string() }),
  },
  spectate: {
    method: 'POST', path: '/api/spectate',
    body: z.object({ code: JoinCodeSchema }).strict(),
    response: z.object({ sessionId: z.string(), spectatorToken: z.string() }),
  },
} as const;

export const HttpErrorSchema = z.object({ error: AppErrorSchema });
export type HttpContracts = typeof httpContracts;
export type HttpBody<K extends keyof HttpContracts> = HttpContracts[K]['body'] extends z.ZodType ? z.infer<HttpContracts[K]['body']> : never;
export type HttpResponse<K extends keyof HttpContracts> = z.infer<HttpContracts[K]['response']>;
