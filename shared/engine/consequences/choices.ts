import { formatFigure } from '../../scenario/template.js';
import type { ConsequenceOf, Vars } from '../../scenario/schema.js';
import { drawUniform } from '../random.js';
import { indifferenceAmount } from '../detectors/present-bias.js';
import { noFigures, numberVar, type ConsequenceBehaviour, type PlayerContext, type PlayerResult } from './types.js';

const chosen = (d: { kind: string; optionId?: string } | null): string | null => (d?.kind === 'choice' ? d.optionId ?? null : null);

/** The same outcomes worded as gains or losses; the `frame` var ("gain"/"loss") comes from the player's condition. */
export const frameChoice: ConsequenceBehaviour<'frame-choice'> = {
  personal: false,
  varNames: (c) => [c.frame],
  outcomeNames: () => [],
  vars: () => ({}),
  outcome: () => ({}),
  result(c, _env, player, decision): PlayerResult {
    const option = chosen(decision);
    const frame = player.vars[c.frame];
    return { figures: { choseSure: option === null ? null : option === c.sureOption ? 1 : 0, gainFrame: frame === 'gain' ? 1 : frame === 'loss' ? 0 : null },
      feedback: option === null ? 'No choice.' : c.outcomes[option] ?? '' };
  },
  defaultReveal: () => 'Both options had the same expected outcome. Half the class read them as gains, half as losses.',
};

export function pastCostOf(value: number | string, vars: Vars): number {
  return typeof value === 'number' ? value : numberVar(vars, value) ?? 0;
}

/** Options with a value from now on and money already sunk into them (per player, via vars). */
export const sunkCostChoice: ConsequenceBehaviour<'sunk-cost-choice'> = {
  personal: false,
  varNames: (c) => [...(c.condition ? [c.condition] : []), ...c.options.flatMap((o) => (typeof o.pastCost === 'string' ? [o.pastCost] : []))],
  outcomeNames: () => [],
  vars: () => ({}),
  outcome: () => ({}),
  result(c, _env, player, decision): PlayerResult {
    const option = c.options.find((o) => o.id === chosen(decision));
    const sunk = c.condition ? (player.vars[c.condition] === 'sunk' ? 1 : 0) : null;
    if (!option) return { figures: { continued: null, sunk }, feedback: 'No choice.' };
    const best = Math.max(...c.options.map((o) => o.forwardValue));
    return {
      figures: { continued: c.continueOption === undefined ? null : option.id === c.continueOption ? 1 : 0, sunk,
        forwardValue: option.forwardValue, pastCost: pastCostOf(option.pastCost, player.vars), bestForwardValue: best,
        ...Object.fromEntries(c.options.map((o) => [`past:${o.id}`, pastCostOf(o.pastCost, player.vars)])) },
      feedback: `${option.outcome} From here on this option was worth ${formatFigure(option.forwardValue)}; the best was worth ${formatFigure(best)}.`,
    };
  },
  defaultReveal: () => 'What was already spent is gone whatever you choose; only what lies ahead differs.',
};

/** A price list; the rows are in the decision spec. */
export const priceList: ConsequenceBehaviour<'price-list'> = {
  personal: false,
  varNames: () => ['frontEndDelay', 'delay'],
  outcomeNames: () => [],
  vars: (c) => ({ frontEndDelay: c.frontEndDelay, delay: c.delay }),
  outcome: () => ({}),
  result(c, env, _p, decision): PlayerResult {
    const spec = env.scenario.turns[env.turn]?.decision;
    if (decision?.kind !== 'price-list' || spec?.kind !== 'price-list') return { figures: { switchRow: null }, feedback: 'No answer.' };
    const x = indifferenceAmount({ turnId: env.turnId, frontEndDelay: c.frontEndDelay, delay: c.delay, later: spec.later, sooner: spec.sooner, switchRow: decision.switchRow });
    return { figures: { switchRow: decision.switchRow, indifference: x },
      feedback: x === null ? 'You never switched inside the list.' : `You would take about ${formatFigure(x)} ${spec.unit} ${spec.soonerLabel} instead of ${formatFigure(spec.later)} ${spec.laterLabel}.` };
  },
  defaultReveal: () => 'Compare your switch point with the same list when the wait starts later.',
};

type Landing = { turn: number; amount: number };

/** Every effect of this variable's choices so far and now, with the turn it lands on. */
function landings(c: ConsequenceOf<'delayed-effects'>, player: PlayerContext, turn: number, option: string | null): Landing[] {
  const out: Landing[] = [];
  for (const h of player.history) {
    if (h.figures[`effects:${c.variable}`] === undefined || h.decision?.kind !== 'choice') continue;
    for (const e of c.effects[h.decision.optionId] ?? []) out.push({ turn: h.turn + e.after, amount: e.amount });
  }
  for (const e of option === null ? [] : c.effects[option] ?? []) out.push({ turn: turn + e.after, amount: e.amount });
  return out;
}

const sum = (xs: readonly Landing[]) => xs.reduce((s, l) => s + l.amount, 0);

/** Choices whose effects on a per-player variable (trust, health, savings) land now or later. */
export const delayedEffects: ConsequenceBehaviour<'delayed-effects'> = {
  personal: true,
  varNames: (c) => [c.variable],
  outcomeNames: () => [],
  vars: (c, env, player) => ({ [c.variable]: c.start + sum(landings(c, player, env.turn, null).filter((l) => l.turn < env.turn)) }),
  outcome: () => ({}),
  result(c, env, player, decision): PlayerResult {
    const all = landings(c, player, env.turn, chosen(decision));
    const value = c.start + sum(all.filter((l) => l.turn <= env.turn));
    const landedNow = sum(all.filter((l) => l.turn === env.turn));
    const pending = sum(all.filter((l) => l.turn > env.turn));
    return {
      figures: { [c.variable]: value, landedNow, pending, [`effects:${c.variable}`]: 1 },
      feedback: `${c.variable[0]?.toUpperCase()}${c.variable.slice(1)} is now ${formatFigure(value)} (${landedNow >= 0 ? '+' : ''}${formatFigure(landedNow)} this turn).` +
        (pending !== 0 ? ` Still to come from earlier choices: ${pending > 0 ? '+' : ''}${formatFigure(pending)}.` : ''),
    };
  },
  defaultReveal: () => 'Some effects land at once, some turns later.',
};

/** The player's running total of an outcome-draw variable before this turn. */
function runningTotal(c: ConsequenceOf<'outcome-draw'>, player: PlayerContext): number {
  return player.history.reduce((s, h) => s + (h.figures[`payoff:${c.variable}`] ?? 0), c.start);
}

/** Options that succeed or fail by a seeded draw per player, paying into a per-player variable. */
export const outcomeDraw: ConsequenceBehaviour<'outcome-draw'> = {
  personal: true,
  varNames: (c) => [c.variable],
  outcomeNames: () => [],
  vars: (c, _env, player) => ({ [c.variable]: runningTotal(c, player) }),
  outcome: () => ({}),
  result(c, env, player, decision): PlayerResult {
    const optionId = chosen(decision);
    const option = optionId === null ? undefined : c.options[optionId];
    const before = runningTotal(c, player);
    if (!option) return { figures: { [c.variable]: before, [`payoff:${c.variable}`]: 0 }, feedback: 'No choice.' };
    const success = drawUniform(env.seed, 'outcome', env.turnId, player.seat) < option.probability;
    const payoff = success ? option.success : option.failure;
    return {
      figures: { [c.variable]: before + payoff, [`payoff:${c.variable}`]: payoff, success: success ? 1 : 0,
        expectedValue: option.probability * option.success + (1 - option.probability) * option.failure, pastCost: option.pastCost },
      feedback: `${success ? option.successText : option.failureText} (${payoff >= 0 ? '+' : ''}${formatFigure(payoff)}; ${c.variable} now ${formatFigure(before + payoff)}.)`,
    };
  },
  defaultReveal: () => 'Chance decided some outcomes; the odds were in the options.',
};

/** A story step; historical cases reveal what really happened. */
export const story: ConsequenceBehaviour<'story'> = {
  personal: false,
  ...noFigures,
  result(c, _env, _p, decision): PlayerResult {
    const option = chosen(decision);
    const same = c.actual !== undefined && option === c.actual;
    return { figures: { matchedHistory: c.actual === undefined || option === null ? null : same ? 1 : 0 },
      feedback: option === null ? 'No choice.' : `${c.outcomes[option] ?? ''}${c.actual === undefined ? '' : same ? ' This is what really happened.' : ''}` };
  },
  defaultReveal: (c) => (c.actual !== undefined ? `What really happened: ${c.outcomes[c.actual] ?? ''}` : 'Consequences are in your result.'),
};

/** A budget split across items with known returns. */
export const allocationReturn: ConsequenceBehaviour<'allocation-return'> = {
  personal: false,
  varNames: () => [],
  outcomeNames: () => [],
  vars: () => ({}),
  outcome: (c) => Object.fromEntries(Object.entries(c.returns).map(([k, v]) => [`return:${k}`, v])),
  result(c, _env, _p, decision): PlayerResult {
    if (decision?.kind !== 'allocation') return { figures: { value: null }, feedback: 'No allocation.' };
    const invested = Object.values(decision.amounts).reduce((s, v) => s + v, 0);
    const value = Object.entries(decision.amounts).reduce((s, [k, v]) => s + v * (1 + (c.returns[k] ?? 0)), 0);
    return { figures: { invested, value, gain: value - invested },
      feedback: `Your ${formatFigure(invested)} became ${formatFigure(value)}.${c.explanation ? ` ${c.explanation}` : ''}` };
  },
  defaultReveal: () => 'Each option paid its own return.',
};

/** An unscored question, recorded for the class summary. */
export const survey: ConsequenceBehaviour<'survey'> = {
  personal: false,
  ...noFigures,
  result: (c, _env, _p, decision): PlayerResult => ({
    figures: { answered: decision === null ? 0 : 1, percent: decision?.kind === 'confidence' ? decision.percent : null },
    feedback: c.note ?? (decision === null ? 'No answer.' : 'Answer recorded.'),
  }),
  defaultReveal: (c) => c.note ?? 'Answers recorded.',
};
