import { z } from 'zod';
import { DecisionSchema, DecisionSpecSchema } from '../protocol/decision.js';
import { ConsequenceSchema } from './consequences.js';
export { ConsequenceSchema, type Consequence, type ConsequenceOf } from './consequences.js';

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a lowercase slug like "coffee-shop"');

export const detectorIds = ['exponential-growth', 'anchoring', 'framing', 'confirmation', 'sunk-cost', 'present-bias',
  'overconfidence', 'cascade', 'base-rate', 'gamblers-fallacy'] as const;
export const DetectorIdSchema = z.enum(detectorIds);
export type DetectorId = z.infer<typeof DetectorIdSchema>;
export const BiasIdSchema = DetectorIdSchema;

/** The world a growth scenario's turns ask about. */
export const WorldModelSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('exponential-growth'),
    /** Quantity at period 0, e.g. customers per week. */
    initial: z.number().positive(),
    /** Growth per period as a fraction: 0.1 is 10 % per period. */
    rate: z.number().gt(-1).lt(10),
    unit: z.string().min(1),
    period: z.string().min(1),
  }).strict(),
]);
export type WorldModel = z.infer<typeof WorldModelSchema>;

/** Template variables: a number or a short text, usable as {{name}} in prompts and reveals. */
export const VarsSchema = z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), z.union([z.number().finite(), z.string()]));
export type Vars = z.infer<typeof VarsSchema>;

/**
 * A between-player factor: each player gets one level, assigned in balanced blocks from the
 * session's seed by join order. A level's vars are that player's template variables.
 */
export const ConditionSchema = z.object({
  id: slug,
  levels: z.array(z.object({ id: slug, vars: VarsSchema }).strict()).min(2),
}).strict();
export type Condition = z.infer<typeof ConditionSchema>;

/** Self-paced scenarios may branch: the first branch whose options include the answer wins. */
export const NextSchema = z.union([
  z.string(),
  z.object({
    branches: z.array(z.object({ when: z.array(z.string()).min(1), goto: z.string() }).strict()).min(1),
    otherwise: z.string(),
  }).strict(),
]);
export type Next = z.infer<typeof NextSchema>;
export const END = 'end';

export const TurnSpecSchema = z.object({
  id: slug,
  title: z.string().min(1),
  /** Text with {{name}} placeholders: the consequence's figures and the player's condition vars. */
  prompt: z.string().min(1),
  decision: DecisionSpecSchema,
  /** Ask for a confidence (0–100 %) with a numeric or choice answer. */
  confidence: z.boolean().default(false),
  /** Text shown at the reveal, with placeholders from the outcome. */
  reveal: z.string().min(1).optional(),
  timerSeconds: z.number().int().positive().max(3600).nullable().default(null),
  /** Recorded for players who have not decided when the turn closes; null records "no answer". */
  defaultMove: DecisionSchema.nullable().default(null),
  consequence: ConsequenceSchema,
  /** Where a player goes next (self-paced only): a turn id, "end", or branches on the answer. */
  next: NextSchema.optional(),
}).strict();
export type TurnSpec = z.infer<typeof TurnSpecSchema>;

export const SourceSchema = z.object({ title: z.string().min(1), url: z.string().url().optional(), note: z.string().optional() }).strict();

export const ScenarioSchema = z.object({
  id: slug,
  title: z.string().min(1),
  summary: z.string().min(1),
  biases: z.array(BiasIdSchema).min(1),
  audience: z.string().min(1),
  durationMinutes: z.number().int().positive(),
  players: z.object({ min: z.number().int().positive(), max: z.number().int().positive().max(500) }).strict(),
  /** simultaneous: everyone decides, then the reveal; sequential: one after another in seat order,
   * each seeing earlier decisions; self-paced: each player moves through the turns alone. */
  turnMode: z.enum(['simultaneous', 'sequential', 'self-paced']),
  model: WorldModelSchema.optional(),
  conditions: z.array(ConditionSchema).default([]),
  turns: z.array(TurnSpecSchema).min(1).max(100),
  detectors: z.array(DetectorIdSchema).min(1),
  debrief: z.object({ intro: z.string().min(1), takeaway: z.string().min(1), outcome: z.string().min(1).optional() }).strict(),
  sources: z.array(SourceSchema).default([]),
}).strict();
export type Scenario = z.infer<typeof ScenarioSchema>;
