import { z } from 'zod';
import { DecisionSchema, DecisionSpecSchema } from '../protocol/decision.js';

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a lowercase slug like "coffee-shop"');

export const BiasIdSchema = z.enum(['exponential-growth']);
export const DetectorIdSchema = z.enum(['exponential-growth']);
export type DetectorId = z.infer<typeof DetectorIdSchema>;

/** The world a scenario's turns ask about. Every formula is a typed kind with parameters: no code. */
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

/** What a turn's answer is compared with, and which figures its prompt and reveal may use. */
export const ConsequenceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('growth-forecast'),
    /** The period whose value the player is shown (rounded). */
    at: z.number().int().nonnegative(),
    /** How many periods ahead the player forecasts. */
    horizon: z.number().int().positive(),
  }).strict(),
]);
export type Consequence = z.infer<typeof ConsequenceSchema>;

export const TurnSpecSchema = z.object({
  id: slug,
  title: z.string().min(1),
  /** Text with {{figure}} placeholders filled from the consequence's figures when the turn opens. */
  prompt: z.string().min(1),
  decision: DecisionSpecSchema,
  /** Text shown at the reveal, with placeholders from the outcome (e.g. {{trueValue}}). */
  reveal: z.string().min(1).optional(),
  timerSeconds: z.number().int().positive().max(3600).nullable().default(null),
  /** Recorded for players who have not decided when the turn closes; null records "no answer". */
  defaultMove: DecisionSchema.nullable().default(null),
  consequence: ConsequenceSchema,
}).strict();
export type TurnSpec = z.infer<typeof TurnSpecSchema>;

export const ScenarioSchema = z.object({
  id: slug,
  title: z.string().min(1),
  summary: z.string().min(1),
  biases: z.array(BiasIdSchema).min(1),
  audience: z.string().min(1),
  durationMinutes: z.number().int().positive(),
  players: z.object({ min: z.number().int().positive(), max: z.number().int().positive().max(500) }).strict(),
  turnMode: z.enum(['simultaneous']),
  model: WorldModelSchema,
  turns: z.array(TurnSpecSchema).min(1).max(100),
  detectors: z.array(DetectorIdSchema),
  debrief: z.object({ intro: z.string().min(1), takeaway: z.string().min(1) }).strict(),
  sources: z.array(z.object({ title: z.string().min(1), url: z.string().url().optional(), note: z.string().optional() }).strict()).default([]),
}).strict();
export type Scenario = z.infer<typeof ScenarioSchema>;
