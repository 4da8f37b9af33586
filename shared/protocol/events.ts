import { z } from 'zod';
import { DecisionSchema, DecisionSpecSchema } from './decision.js';
import { ClassSummarySchema, FiguresSchema, PlayerDebriefSchema } from './debrief.js';

/**
 * Room events are past-tense facts. The log stores RoomFact; clients receive WireEvent, which is a
 * fact projected for their audience (another player's decision arrives as decisionSealed until
 * the reveal). Every event carries the room's sequence number, gap-free from 1.
 */
const base = { seq: z.number().int().positive(), at: z.number().int().nonnegative() };

/** Template variables shown with a prompt: numbers or short texts. */
export const PromptVarsSchema = z.record(z.string(), z.union([z.number(), z.string()]));
/** What one player sees of a turn when it differs from the public prompt (their anchor, frame, signal…). */
export const BriefingSchema = z.object({ prompt: z.string(), vars: PromptVarsSchema });
export type Briefing = z.infer<typeof BriefingSchema>;

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
  /** Levels of the scenario's between-player conditions (logged; shown only to the facilitator). */
  conditions: z.record(z.string(), z.string()),
  /** The template vars those levels give this player. */
  vars: PromptVarsSchema,
  /** The open turn's briefing for a player who joins mid-turn (theirs only). */
  briefing: BriefingSchema.nullable(),
});
export const SessionStartedSchema = z.object({ type: z.literal('sessionStarted'), ...base });
export const TurnOpenedSchema = z.object({
  type: z.literal('turnOpened'), ...base,
  turn: z.number().int().nonnegative(), turnId: z.string(), title: z.string(),
  /** The prompt as everyone may see it; values that differ per player show as "…". */
  prompt: z.string(), vars: PromptVarsSchema,
  decision: DecisionSpecSchema, confidence: z.boolean(), deadline: z.number().int().nullable(),
  /** Sequential turns: who decides, in this order. */
  order: z.array(z.string()).nullable(),
  /** Self-paced turns: the one player this turn opened for. */
  playerId: z.string().nullable(),
  /** Per-player briefings; each player's projection holds only their own. */
  personal: z.record(z.string(), BriefingSchema),
});
/** A turn as it opens: everything in turnOpened but the envelope. */
export const OpenTurnSchema = TurnOpenedSchema.omit({ type: true, seq: true, at: true });
export type OpenTurnFields = z.infer<typeof OpenTurnSchema>;

/**
 * Self-paced play: one player answered their own turn. One fact for what the three of a group turn
 * say (the decision, its reveal, the next turn): in self-paced play they happen at one instant, to
 * one player. `next` is the turn that opened for them, null when they have finished. Logs written
 * before this fact existed hold decisionSubmitted, turnRevealed and turnOpened for the same; both fold
 * to the same state.
 */
export const TurnAnsweredSchema = z.object({
  type: z.literal('turnAnswered'), ...base,
  turn: z.number().int().nonnegative(), turnId: z.string(), playerId: z.string(), commandId: z.string(), decision: DecisionSchema,
  outcome: FiguresSchema, summary: z.string(),
  /** The answer's consequence for this player: what turnRevealed's result for them would hold besides the decision. */
  figures: FiguresSchema, feedback: z.string(),
  next: OpenTurnSchema.nullable(),
});
export const DecisionSubmittedSchema = z.object({
  type: z.literal('decisionSubmitted'), ...base,
  turn: z.number().int().nonnegative(), playerId: z.string(), commandId: z.string(), decision: DecisionSchema,
  /** Sequential turns make each decision public at once: it is the history the next player sees. */
  public: z.boolean(),
});
export const TurnClosedSchema = z.object({
  type: z.literal('turnClosed'), ...base,
  turn: z.number().int().nonnegative(), reason: z.enum(['facilitator', 'deadline', 'ended', 'complete']),
  /** Players who had not decided and got the scenario's default move (or no answer). */
  defaulted: z.array(z.string()),
});
export const TurnRevealedSchema = z.object({
  type: z.literal('turnRevealed'), ...base,
  turn: z.number().int().nonnegative(), turnId: z.string(),
  outcome: FiguresSchema, summary: z.string(),
  results: z.record(z.string(), TurnResultSchema),
  /** Players in the order they decided. */
  order: z.array(z.string()),
  /** Self-paced: the one player whose turn this reveals (private to them until the debrief). */
  playerId: z.string().nullable(),
});
export const PlayerFinishedSchema = z.object({ type: z.literal('playerFinished'), ...base, playerId: z.string() });
/** The facilitator removed a player: their sockets close and their token no longer connects. */
export const PlayerKickedSchema = z.object({ type: z.literal('playerKicked'), ...base, playerId: z.string() });
export const DebriefPublishedSchema = z.object({
  type: z.literal('debriefPublished'), ...base,
  classSummary: ClassSummarySchema,
  /** Keyed by player id; a player's projection holds only their own debrief. */
  players: z.record(z.string(), PlayerDebriefSchema),
});
export const SessionEndedSchema = z.object({ type: z.literal('sessionEnded'), ...base });

export const RoomFactSchema = z.discriminatedUnion('type', [
  SessionCreatedSchema, PlayerJoinedSchema, SessionStartedSchema, TurnOpenedSchema, TurnAnsweredSchema,
  DecisionSubmittedSchema, TurnClosedSchema, TurnRevealedSchema, PlayerFinishedSchema, PlayerKickedSchema, DebriefPublishedSchema, SessionEndedSchema,
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

/** In self-paced play, another player's turn opened: who and which turn, none of its content. */
export const PlayerTurnOpenedSchema = z.object({
  type: z.literal('playerTurnOpened'), ...base,
  turn: z.number().int().nonnegative(), turnId: z.string(), playerId: z.string(),
});

/** In self-paced play, another player answered their turn: who, which turn, and which turn they went on to (null: finished). */
export const PlayerAnsweredSchema = z.object({
  type: z.literal('playerAnswered'), ...base,
  turn: z.number().int().nonnegative(), turnId: z.string(), playerId: z.string(),
  next: z.object({ turn: z.number().int().nonnegative(), turnId: z.string() }).nullable(),
});

export const WireEventSchema = z.discriminatedUnion('type', [
  SessionCreatedSchema, PlayerJoinedSchema, SessionStartedSchema, TurnOpenedSchema, PlayerTurnOpenedSchema, TurnAnsweredSchema, PlayerAnsweredSchema,
  DecisionSubmittedSchema, DecisionSealedSchema, TurnClosedSchema, TurnRevealedSchema, PlayerFinishedSchema, PlayerKickedSchema,
  DebriefPublishedSchema, SessionEndedSchema,
]);
export type WireEvent = z.infer<typeof WireEventSchema>;
export type WireEventOf<T extends WireEvent['type']> = Extract<WireEvent, { type: T }>;

/**
 * The turn an event opens for a player, as a turnOpened: the event itself when it is one for them
 * (or for everyone, with `playerId` null), or the `next` of their own turnAnswered in self-paced play.
 * Null for any other event.
 */
export function turnOpenedFor(e: WireEvent, playerId: string | null): WireEventOf<'turnOpened'> | null {
  if (e.type === 'turnOpened') return playerId === null || e.playerId === null || e.playerId === playerId ? e : null;
  if (e.type === 'turnAnswered' && e.next !== null && (playerId === null || e.playerId === playerId)) return { type: 'turnOpened', seq: e.seq, at: e.at, ...e.next };
  return null;
}
