import { z } from 'zod';

/**
 * The closed catalogue of error codes. Every failure a client can see is one of these; the docs
 * test keeps docs/protocol.md in step with this list.
 */
export const errorCatalogue = {
  BAD_PAYLOAD: { status: 400, meaning: 'The payload does not match the command or request schema.' },
  UNAUTHORIZED: { status: 401, meaning: 'No valid token: missing, malformed, expired or wrongly signed.' },
  FORBIDDEN: { status: 403, meaning: 'The token is valid but its role may not do this.' },
  NOT_FOUND: { status: 404, meaning: 'No such session, join code or scenario.' },
  WRONG_PHASE: { status: 409, meaning: 'The session is not in a phase that accepts this command.' },
  WRONG_TURN: { status: 409, meaning: 'The command names a turn that is not the current one.' },
  NOT_YOUR_TURN: { status: 409, meaning: 'In a sequential turn, another player decides before you.' },
  DEADLINE_PASSED: { status: 409, meaning: "The turn's deadline has passed; the decision was not recorded." },
  ALREADY_DECIDED: { status: 409, meaning: 'This player already decided this turn (under another command id).' },
  INVALID_DECISION: { status: 422, meaning: "The decision does not fit the turn's decision kind or bounds." },
  NICKNAME_TAKEN: { status: 409, meaning: 'Another player in this session already uses that nickname.' },
  SESSION_FULL: { status: 409, meaning: "The session has reached the scenario's maximum group size." },
  RATE_LIMITED: { status: 429, meaning: 'Too many requests from this source; retry later.' },
  UNAVAILABLE: { status: 503, meaning: 'The store is unreachable or the server is draining; nothing was recorded. Retry.' },
  INTERNAL: { status: 500, meaning: 'A bug on the server. Nothing was recorded; it has been logged.' },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;
export const errorCodes = Object.keys(errorCatalogue) as [ErrorCode, ...ErrorCode[]];
export const ErrorCodeSchema = z.enum(errorCodes);

export const AppErrorSchema = z.object({ code: ErrorCodeSchema, message: z.string() });
export type AppError = z.infer<typeof AppErrorSchema>;

export function appError(code: ErrorCode, message: string): AppError {
  return { code, message };
}

/** Every command is acknowledged with exactly one of these. */
export function ackSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: AppErrorSchema }),
  ]);
}
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AppError };
