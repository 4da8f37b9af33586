import { z } from 'zod';

const id = z.string().min(1).max(64);
const finite = z.number().finite();
/** An optional confidence (0–100 %) a turn may ask for alongside the answer. */
const confidence = z.number().min(0).max(100).optional();

/** What a player sends as a turn's answer. The turn's DecisionSpec says which kind is expected. */
export const DecisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('numeric'), value: finite, confidence }).strict(),
  z.object({ kind: z.literal('choice'), optionId: id, confidence }).strict(),
  z.object({ kind: z.literal('multi-choice'), optionIds: z.array(id).max(50), confidence }).strict(),
  z.object({ kind: z.literal('interval'), low: finite, high: finite }).strict(),
  z.object({ kind: z.literal('allocation'), amounts: z.record(id, finite) }).strict(),
  z.object({ kind: z.literal('evidence'), cardIds: z.array(id).max(50) }).strict(),
  z.object({ kind: z.literal('confidence'), percent: z.number().min(0).max(100) }).strict(),
  /** The first row (0-based) where the player takes the sooner amount; null: never. */
  z.object({ kind: z.literal('price-list'), switchRow: z.number().int().nonnegative().nullable() }).strict(),
]);
export type Decision = z.infer<typeof DecisionSchema>;
export type DecisionKind = Decision['kind'];

const option = z.object({ id, label: z.string().min(1) }).strict();

/** How a turn asks for its answer; shown to clients when the turn opens. */
export const DecisionSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('numeric'), unit: z.string().min(1), min: finite, max: finite, integer: z.boolean().default(false) }).strict(),
  z.object({ kind: z.literal('choice'), options: z.array(option).min(2) }).strict(),
  z.object({ kind: z.literal('multi-choice'), options: z.array(option).min(2), min: z.number().int().nonnegative().default(0), max: z.number().int().positive().optional() }).strict(),
  z.object({ kind: z.literal('interval'), unit: z.string().min(1), min: finite, max: finite, coverage: z.number().gt(0).lt(1).default(0.9) }).strict(),
  z.object({ kind: z.literal('allocation'), unit: z.string().min(1), budget: z.number().positive(), items: z.array(option).min(2) }).strict(),
  z.object({ kind: z.literal('evidence'), cards: z.array(option).min(1), min: z.number().int().nonnegative().default(0), max: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('confidence') }).strict(),
  z.object({
    kind: z.literal('price-list'), unit: z.string().min(1), soonerLabel: z.string().min(1), laterLabel: z.string().min(1),
    later: z.number().positive(), sooner: z.array(z.number().nonnegative()).min(2),
  }).strict(),
]);
export type DecisionSpec = z.infer<typeof DecisionSpecSchema>;
