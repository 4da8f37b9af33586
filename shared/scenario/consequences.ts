import { z } from 'zod';

/**
 * What a turn's answer meets in the world, as typed kinds with parameters: no code, no formulas
 * in text. Each kind's behaviour (figures shown, outcome, per-player result, what detectors read)
 * lives in shared/engine/consequences.
 */
const num = z.number().finite();
const id = z.string().min(1).max(64);
/** A number, or the name of a condition var holding one (per player). */
const numOrVar = z.union([num, z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/)]);

export const ConsequenceSchema = z.discriminatedUnion('kind', [
  /** Forecast the scenario's exponential-growth model `horizon` periods after period `at`. */
  z.object({ kind: z.literal('growth-forecast'), at: z.number().int().nonnegative(), horizon: z.number().int().positive() }).strict(),
  /** Savings with compound interest and yearly contributions, against simple-interest thinking. */
  z.object({ kind: z.literal('savings-forecast'), initial: z.number().nonnegative(), rate: z.number().gt(0).lt(1),
    years: z.number().int().positive(), contribution: z.number().nonnegative() }).strict(),
  /** A numeric or interval estimate of a known quantity; `anchor` names the var with the player's anchor. */
  z.object({ kind: z.literal('estimate'), truth: num, anchor: z.string().optional(), explanation: z.string().optional() }).strict(),
  /** A question with a right answer; with `confidence` it feeds calibration. */
  z.object({ kind: z.literal('quiz'), correct: id, explanation: z.string().optional() }).strict(),
  /** A sure vs a risky option whose wording depends on the `frame` var ("gain" or "loss"). */
  z.object({ kind: z.literal('frame-choice'), sureOption: id, frame: z.string(), outcomes: z.record(id, z.string()) }).strict(),
  /** Options with their value from now on and what was already spent on them. */
  z.object({
    kind: z.literal('sunk-cost-choice'),
    options: z.array(z.object({ id, forwardValue: num, pastCost: numOrVar, outcome: z.string() }).strict()).min(2),
    /** The option that continues the earlier investment; `condition` names the var "sunk" / "no-sunk". */
    continueOption: id.optional(), condition: z.string().optional(),
  }).strict(),
  /** A price list: the later amount `delay` periods after the sooner one, which comes after `frontEndDelay`. */
  z.object({ kind: z.literal('price-list'), frontEndDelay: z.number().nonnegative(), delay: z.number().positive(), period: z.string().min(1) }).strict(),
  /** Choices whose effects on a per-player variable land now or some turns later. */
  z.object({
    kind: z.literal('delayed-effects'), variable: z.string().min(1), start: num,
    effects: z.record(id, z.array(z.object({ amount: num, after: z.number().int().nonnegative() }).strict())),
  }).strict(),
  /** Evidence cards to open: each supports or challenges the thesis with a likelihood ratio. */
  z.object({
    kind: z.literal('evidence-cards'),
    cards: z.array(z.object({ id, kind: z.enum(['confirming', 'disconfirming', 'neutral']), likelihoodRatio: z.number().positive(), content: z.string().min(1) }).strict()).min(2),
  }).strict(),
  /** A belief (0–100 % that the thesis is true), after one piece of evidence or none (the prior). */
  z.object({
    kind: z.literal('belief'),
    evidence: z.object({ kind: z.enum(['confirming', 'disconfirming']), likelihoodRatio: z.number().gt(1) }).strict().nullable(),
  }).strict(),
  /** P(H | report) from a base rate, a hit rate and a false-alarm rate (answer in %). */
  z.object({ kind: z.literal('probability-judgment'), prior: z.number().gt(0).lt(1), hitRate: z.number().gt(0).lt(1), falseAlarm: z.number().gt(0).lt(1) }).strict(),
  /** A fair sequence ending in a streak of `length`; the player predicts the next outcome. */
  z.object({ kind: z.literal('streak'), length: z.number().int().min(1).max(12), outcomes: z.tuple([id, id]), total: z.number().int().min(2).max(30) }).strict(),
  /** Anderson–Holt urn guess: a private signal right with probability `accuracy`; options are the urns. */
  z.object({ kind: z.literal('cascade-guess'), urns: z.tuple([id, id]), accuracy: z.number().gt(0.5).lt(1) }).strict(),
  /** Options with a chance of success (seeded draw per player) and the payoff to a per-player variable. */
  z.object({
    kind: z.literal('outcome-draw'), variable: z.string().min(1), start: num,
    options: z.record(id, z.object({ probability: z.number().min(0).max(1), success: num, failure: num,
      successText: z.string().min(1), failureText: z.string().min(1), pastCost: num.default(0) }).strict()),
  }).strict(),
  /** A budget split across items, each with a return: value = Σ amount × (1 + return). */
  z.object({ kind: z.literal('allocation-return'), returns: z.record(id, num), explanation: z.string().optional() }).strict(),
  /** An unscored question (a confidence, a multiple choice, a rating): recorded and shown to the class. */
  z.object({ kind: z.literal('survey'), note: z.string().optional() }).strict(),
  /** A story step: each option's consequence in words; `actual` is what really happened. */
  z.object({ kind: z.literal('story'), outcomes: z.record(id, z.string().min(1)), actual: id.optional() }).strict(),
]);
export type Consequence = z.infer<typeof ConsequenceSchema>;
export type ConsequenceOf<K extends Consequence['kind']> = Extract<Consequence, { kind: K }>;
