import { z } from 'zod';

/** Named figures of a turn or a result (e.g. trueValue, linearValue); values may be unknown. */
export const FiguresSchema = z.record(z.string(), z.number().nullable());
export type Figures = z.infer<typeof FiguresSchema>;

/** What a detector found about one player or one class. */
export const FindingSchema = z.object({
  detector: z.string(),
  bias: z.string(),
  /** The bias score in the detector's own unit (documented per detector in BIASES.md). */
  score: z.number().nullable(),
  /** A 95 % interval for the score where the data allow one. */
  interval: z.tuple([z.number(), z.number()]).nullable(),
  n: z.number().int().nonnegative(),
  /** Ids of the turns whose decisions the score rests on. */
  evidence: z.array(z.string()),
  explanation: z.string(),
  /** The test behind a class-level effect, e.g. Fisher's exact test. */
  test: z.object({ name: z.string(), pValue: z.number() }).optional(),
  /** Further numbers the facilitator's chart or table needs (group sizes, medians, rates). */
  details: FiguresSchema.optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const DebriefItemSchema = z.object({
  turnId: z.string(),
  label: z.string(),
  /** The player's answer in words. */
  answer: z.string(),
  yours: z.number().nullable(),
  normative: z.number().nullable(),
  trap: z.number().nullable(),
  classMedian: z.number().nullable(),
  score: z.number().nullable(),
  feedback: z.string(),
});
export type DebriefItem = z.infer<typeof DebriefItemSchema>;

export const PlayerDebriefSchema = z.object({
  playerId: z.string(),
  nickname: z.string(),
  headline: z.string(),
  items: z.array(DebriefItemSchema),
  findings: z.array(FindingSchema),
  takeaway: z.string(),
});
export type PlayerDebrief = z.infer<typeof PlayerDebriefSchema>;

export const ClassSummarySchema = z.object({
  players: z.number().int().nonnegative(),
  headline: z.string(),
  findings: z.array(FindingSchema),
  /** One row per turn: what a chart of estimates against the true and the trap answer needs. */
  turns: z.array(z.object({
    turnId: z.string(),
    label: z.string(),
    normative: z.number().nullable(),
    trap: z.number().nullable(),
    answers: z.array(z.number()),
    median: z.number().nullable(),
    /** For choices: how many players picked each option. */
    choices: z.record(z.string(), z.number().int().nonnegative()),
  })),
  /** Counts of players per score band, for a histogram. */
  distribution: z.array(z.object({ band: z.string(), count: z.number().int().nonnegative() })),
});
export type ClassSummary = z.infer<typeof ClassSummarySchema>;
