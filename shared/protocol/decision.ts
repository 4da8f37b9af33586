import { z } from 'zod';

/** What a player sends as a turn's answer. The turn's DecisionSpec says which kind is expected. */
export const DecisionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('numeric'), value: z.number().finite() }).strict(),
  z.object({ kind: z.literal('choice'), optionId: z.string().min(1).max(64) }).strict(),
]);
export type Decision = z.infer<typeof DecisionSchema>;

/** How a turn asks for its answer; shown to clients when the turn opens. */
export const DecisionSpecSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('numeric'),
    unit: z.string().min(1),
    min: z.number().finite(),
    max: z.number().finite(),
    integer: z.boolean().default(false),
  }).strict(),
  z.object({
    kind: z.literal('choice'),
    options: z.array(z.object({ id: z.string().min(1).max(64), label: z.string().min(1) }).strict()).min(2),
  }).strict(),
]);
export type DecisionSpec = z.infer<typeof DecisionSpecSchema>;
