import { turnOpenedFor, type Decision, type DecisionSpec, type WireEvent, type WireEventOf } from '../../shared/protocol/index.js';
import type { Scenario, Vars } from '../../shared/scenario/index.js';
import {
  analyzeCascadeDecision, bayesianPosterior, bayesPosterior, compoundValue, linearValue, savingsValue, simpleInterestValue, type Urn,
} from '../../shared/engine/index.js';

/**
 * Simulated players with a known policy, for tests, the demo and the benchmark. They read the
 * scenario (they are simulations, not clients): `normative` answers as the ideal reasoner would,
 * `biased` shows the bias the turn is about, `halfway` sits between on growth forecasts, and
 * `silent` never answers.
 */
export type BotPolicy = 'normative' | 'biased' | 'halfway' | 'silent';

/** What a bot remembers between turns: its last stated belief. */
export type BotMemory = { belief: number | null };

export type BotView = { scenario: Scenario; opened: WireEventOf<'turnOpened'>; vars: Vars; events: readonly WireEvent[]; memory: BotMemory; playerId: string };

/** A var from this turn's briefing or, like a player remembering it, from an earlier one. */
function recall(view: BotView, name: string): string | number | undefined {
  if (name in view.vars) return view.vars[name];
  for (let i = view.events.length - 1; i >= 0; i--) {
    const e = view.events[i];
    const opened = e && turnOpenedFor(e, view.playerId);
    const vars = opened ? opened.personal[view.playerId]?.vars : e?.type === 'playerJoined' ? e.briefing?.vars : undefined;
    if (vars && name in vars) return vars[name];
  }
  return undefined;
}

const num = (v: unknown, fallback = 0) => (typeof v === 'number' ? v : fallback);

function clamp(spec: DecisionSpec, value: number): number {
  if (spec.kind !== 'numeric') return value;
  const v = Math.min(spec.max, Math.max(spec.min, value));
  return spec.integer ? Math.round(v) : v;
}

function pick(spec: DecisionSpec, id: string | undefined, confidence?: number): Decision | null {
  if (spec.kind !== 'choice' || id === undefined) return null;
  return { kind: 'choice', optionId: id, ...(confidence === undefined ? {} : { confidence }) };
}

function blend(policy: BotPolicy, truth: number, trap: number): number {
  return policy === 'normative' ? truth : policy === 'halfway' ? (truth + trap) / 2 : trap;
}

/** The bot's answer to an open turn, or null to stay silent. */
export function botDecision(policy: BotPolicy, view: BotView): Decision | null {
  if (policy === 'silent') return null;
  const { scenario, opened, vars, memory } = view;
  const spec = opened.decision;
  const c = scenario.turns[opened.turn]?.consequence;
  if (!c) return null;
  const numeric = (value: number): Decision => ({ kind: 'numeric', value: clamp(spec, value), ...(opened.confidence ? { confidence: 70 } : {}) });
  switch (c.kind) {
    case 'growth-forecast': {
      const rate = num(vars.ratePercent) / 100;
      return numeric(blend(policy, compoundValue(num(vars.current), rate, c.horizon), linearValue(num(vars.current), rate, c.horizon)));
    }
    case 'savings-forecast':
      return numeric(blend(policy, savingsValue(c.initial, c.rate, c.years, c.contribution), simpleInterestValue(c.initial, c.rate, c.years, c.contribution)));
    case 'estimate': {
      if (spec.kind === 'interval') {
        // Widths relative to the allowed range: a calibrated range is wide; an over-precise one is narrow and off.
        const w = spec.max - spec.min;
        const [lo, hi] = policy === 'normative' ? [c.truth - 0.2 * w, c.truth + 0.2 * w] : [c.truth + 0.03 * w, c.truth + 0.06 * w];
        const low = Math.min(spec.max, Math.max(spec.min, lo));
        return { kind: 'interval', low, high: Math.max(low, Math.min(spec.max, hi)) };
      }
      const anchor = c.anchor ? num(recall(view, c.anchor), c.truth) : c.truth;
      return numeric(policy === 'normative' ? c.truth : c.truth + 0.5 * (anchor - c.truth));
    }
    case 'quiz': {
      if (spec.kind !== 'choice') return null;
      const wrong = spec.options.find((o) => o.id !== c.correct)?.id;
      return { kind: 'choice', optionId: policy === 'normative' ? c.correct : wrong ?? c.correct, ...(opened.confidence ? { confidence: policy === 'normative' ? 100 : 95 } : {}) };
    }
    case 'frame-choice': {
      const risky = Object.keys(c.outcomes).find((o) => o !== c.sureOption);
      return pick(spec, policy === 'normative' ? risky : recall(view, c.frame) === 'gain' ? c.sureOption : risky);
    }
    case 'sunk-cost-choice': {
      const past = (o: { pastCost: number | string }) => (typeof o.pastCost === 'number' ? o.pastCost : num(recall(view, o.pastCost)));
      // The biased bot follows what was spent; with nothing spent it has nothing to follow.
      const followsSunk = policy !== 'normative' && c.options.some((o) => past(o) > 0);
      const sorted = [...c.options].sort((a, b) => (followsSunk ? past(b) - past(a) : b.forwardValue - a.forwardValue));
      return pick(spec, sorted[0]?.id);
    }
    case 'price-list': {
      if (spec.kind !== 'price-list') return null;
      const beta = policy === 'normative' || c.frontEndDelay > 0 ? 1 : 0.7;
      const indifference = spec.later * beta * 0.98 ** c.delay;
      const row = spec.sooner.findIndex((x) => x >= indifference);
      return { kind: 'price-list', switchRow: row === -1 ? null : row };
    }
    case 'delayed-effects': {
      const total = (id: string, immediateOnly: boolean) => (c.effects[id] ?? []).filter((e) => !immediateOnly || e.after === 0).reduce((s, e) => s + e.amount, 0);
      const ids = Object.keys(c.effects).sort((a, b) => total(b, policy === 'biased') - total(a, policy === 'biased'));
      return pick(spec, ids[0]);
    }
    case 'evidence-cards': {
      if (spec.kind !== 'evidence') return null;
      const order = policy === 'normative' ? ['disconfirming', 'confirming', 'neutral'] : ['confirming', 'neutral', 'disconfirming'];
      const cards = [...c.cards].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
      const chosen = policy === 'normative'
        ? [cards.find((k) => k.kind === 'disconfirming'), cards.find((k) => k.kind === 'confirming')].filter((k) => k !== undefined).map((k) => k.id)
        : cards.filter((k) => k.kind === 'confirming').map((k) => k.id);
      return { kind: 'evidence', cardIds: chosen.slice(0, spec.max) };
    }
    case 'belief': {
      const prior = memory.belief ?? 0.6;
      let next = prior;
      if (c.evidence) {
        const bayes = bayesianPosterior(prior, c.evidence.kind, c.evidence.likelihoodRatio);
        next = policy === 'biased' && c.evidence.kind === 'disconfirming' ? prior + 0.4 * (bayes - prior) : bayes;
      }
      memory.belief = next;
      return numeric(next * 100);
    }
    case 'probability-judgment':
      return numeric(policy === 'normative' ? bayesPosterior(c.prior, c.hitRate, c.falseAlarm) * 100 : c.hitRate * 100);
    case 'streak': {
      const last = String(vars.streakOutcome);
      const other = c.outcomes.find((o) => o !== last);
      return pick(spec, policy === 'biased' ? other : c.outcomes[0]);
    }
    case 'cascade-guess': {
      const history = view.events.filter((e): e is WireEventOf<'decisionSubmitted'> => e.type === 'decisionSubmitted' && e.turn === opened.turn)
        .sort((a, b) => a.seq - b.seq).map((e) => (e.decision.kind === 'choice' && e.decision.optionId === c.urns[1] ? 'B' : 'A') as Urn);
      const signal: Urn = vars.signal === c.urns[1] ? 'B' : 'A';
      const a = history.filter((h) => h === 'A').length;
      const guess: Urn = policy === 'normative' ? analyzeCascadeDecision({ turnId: '', playerId: '', signal, guess: signal, history }).rationalGuess
        : a * 2 > history.length ? 'A' : a * 2 < history.length ? 'B' : signal;
      return pick(spec, c.urns[guess === 'A' ? 0 : 1]);
    }
    case 'outcome-draw': {
      const ids = Object.entries(c.options).sort(([, x], [, y]) => (policy === 'biased' && (x.pastCost || y.pastCost)
        ? y.pastCost - x.pastCost : (y.probability * y.success + (1 - y.probability) * y.failure) - (x.probability * x.success + (1 - x.probability) * x.failure)));
      const [id, option] = ids[0] ?? [];
      // A calibrated bot states the true chance; an over-confident one says 95 %.
      const confidence = opened.confidence && option ? (policy === 'normative' ? Math.round(option.probability * 100) : 95) : undefined;
      return pick(spec, id, confidence);
    }
    case 'story': {
      const ids = Object.keys(c.outcomes);
      return pick(spec, policy === 'normative' ? ids[0] : ids[ids.length - 1], opened.confidence ? 70 : undefined);
    }
    case 'allocation-return': {
      if (spec.kind !== 'allocation') return null;
      const best = Object.entries(c.returns).sort((x, y) => y[1] - x[1])[0]?.[0];
      const even = spec.budget / spec.items.length;
      return { kind: 'allocation', amounts: Object.fromEntries(spec.items.map((it) => [it.id, policy === 'normative' ? (it.id === best ? spec.budget : 0) : even])) };
    }
    case 'survey':
      switch (spec.kind) {
        case 'confidence': return { kind: 'confidence', percent: policy === 'normative' ? 60 : 95 };
        case 'choice': return pick(spec, spec.options[0]?.id);
        case 'multi-choice': return { kind: 'multi-choice', optionIds: spec.options.slice(0, Math.max(spec.min, 1)).map((o) => o.id) };
        case 'numeric': return numeric((spec.min + spec.max) / 2);
        case 'interval': return { kind: 'interval', low: spec.min, high: spec.max };
        case 'allocation': return { kind: 'allocation', amounts: Object.fromEntries(spec.items.map((it) => [it.id, spec.budget / spec.items.length])) };
        default: return null;
      }
  }
}
