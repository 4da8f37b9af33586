import { z } from 'zod';
import { DecisionSchema, DecisionSpecSchema } from './decision.js';
import { ClassSummarySchema, FiguresSchema, PlayerDebriefSchema } from './debrief.js';

/**
 * Room events are past-tense facts. The log stores RoomFact; clients receive WireEvent, which is a
 * fact projected for their audience (another player's decision arrives as decisionSealed until
 * the reveal). Every event carries the room's sequence number, gap-free from 1.
 */
const base = { seq: z.number().int().positive(), at: z.number().int().nonnegative() };

export const TurnResultSchema = z.object({
  decision: DecisionSchema.nullable(),
  defaulted: z.boolean(),
  figures: FiguresSchema,
  feedback: z.string(),
});
export type TurnResult = z.infer<typeof TurnResultSchema>;

export const SessionCreatedSchema = z.object({
  type: z.literal('sessionCreated'), ...base,
  sessionId: z.string(), scenarioId: z.string(), title: z.string(), turnCount: z.number().int().positive(),
  /** Seed of the room's PRNG: logged so every draw can be recomputed. */
  seed: z.number().int(),
});
export const PlayerJoinedSchema = z.object({
  type: z.literal('playerJoined'), ...base,
  playerId: z.string(), nickname: z.string(), seat: z.number().int().nonnegative(),
});
export const SessionStartedSchema = z.object({ type: z.literal('sessionStarted'), ...base });
export const TurnOpenedSchema = z.object({
  type: z.literal('turnOpened'), ...base,
  turn: z.number().int().nonnegative(), turnId: z.string(), title: z.string(), prompt: z.string(),
  info: FiguresSchema, decision: DecisionSpecSchema, deadline: z.number().int().nullable(),
});
export const DecisionSubmittedSchema = z.object({
  type: z.literal('decisionSubmitted'), ...base,
  turn: z.number().int().nonnegative(), playerId: z.string(), commandId: z.string(), decision: DecisionSchema,
});
export const TurnClosedSchema = z.object({
  type: z.literal('turnClosed'), ...base,
  turn: z.number().int().nonnegative(), reason: z.enum(['facilitator', 'deadline', 'ended']),
  /** Players who had not decided and got the scenario's default move (or no answer). */
  defaulted: z.array(z.string()),
});
export const TurnRevealedSchema = z.object({
  type: z.literal('turnRevealed'), ...base,
  turn: z.number().int().nonnegative(), turnId: z.string(),
  outcome: FiguresSchema, summary: z.string(),
  results: z.record(z.string(), TurnResultSchema),
});
export const DebriefPublishedSchema = z.object({
  type: z.literal('debriefPublished'), ...base,
  classSummary: ClassSummarySchema,
  /** Keyed by player id; a player's projection holds only their own debrief. */
  players: z.record(z.string(), PlayerDebriefSchema),
});
export const SessionEndedSchema = z.object({ type: z.literal('sessionEnded'), ...base });

export const RoomFactSchema = z.discriminatedUnion('type', [
  SessionCreatedSchema, PlayerJoinedSchema, SessionStartedSchema, TurnOpenedSchema,
  DecisionSubmittedSchema, TurnClosedSchema, TurnRevealedSchema, DebriefPublishedSchema, SessionEndedSchema,
]);
export type RoomFact = z.infer<typeof RoomFactSchema>;
export type RoomFactOf<T extends RoomFact['type']> = Extract<RoomFact, { type: T }>;
/** A fact before the store has given it a sequence number. */
export type NewFact = RoomFact extends infer F ? (F extends RoomFact ? Omit<F, 'seq'> : never) : never;

/** Another player's decision before the reveal: who decided, never what. */
export const DecisionSealedSchema = z.object({
  type: z.literal('decisionSealed'), ...base,
  turn: z.number().int().nonnegative(), playerId: z.string(),
});

export const WireEventSchema = z.discriminatedUnion('type', [
  SessionCreatedSchema, PlayerJoinedSchema, SessionStartedSchema, TurnOpenedSchema,
  DecisionSubmittedSchema, DecisionSealedSchema, TurnClosedSchema, TurnRevealedSchema,
  DebriefPublishedSchema, SessionEndedSchema,
]);
export type WireEvent = z.infer<typeof WireEventSchema>;
export type WireEventOf<T extends WireEvent['type']> = Extract<WireEvent, { type: T }>;
