import type { z } from 'zod';
import { END, ScenarioSchema, type Consequence, type Scenario, type TurnSpec } from './schema.js';
import type { DecisionSpec } from '../protocol/decision.js';
import { consequenceOutcomeNames, consequenceVarNames } from '../engine/consequences/index.js';
import { templateTokens } from './template.js';

export type ScenarioCheck = { ok: true; scenario: Scenario } | { ok: false; problems: string[] };

/** `turns[2].decision.max` from zod's path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

function formatIssue(file: string, issue: z.core.$ZodIssue): string {
  return `${file}: ${formatPath(issue.path)}: ${issue.message}`;
}

/** Which decision kinds each consequence kind can score. */
const decisionKindsFor: Record<Consequence['kind'], readonly DecisionSpec['kind'][]> = {
  'growth-forecast': ['numeric'], 'savings-forecast': ['numeric'], estimate: ['numeric', 'interval'], quiz: ['choice'],
  'frame-choice': ['choice'], 'sunk-cost-choice': ['choice'], 'price-list': ['price-list'], 'delayed-effects': ['choice'],
  'evidence-cards': ['evidence'], belief: ['numeric'], 'probability-judgment': ['numeric'], streak: ['choice'],
  'cascade-guess': ['choice'], 'outcome-draw': ['choice'], story: ['choice'], 'allocation-return': ['allocation'],
  survey: ['numeric', 'choice', 'multi-choice', 'interval', 'allocation', 'confidence'],
};

/** Option ids a consequence refers to, which the decision must offer. */
function referencedOptions(c: Consequence): string[] {
  switch (c.kind) {
    case 'quiz': return [c.correct];
    case 'frame-choice': return [c.sureOption, ...Object.keys(c.outcomes)];
    case 'sunk-cost-choice': return [...c.options.map((o) => o.id), ...(c.continueOption ? [c.continueOption] : [])];
    case 'delayed-effects': return Object.keys(c.effects);
    case 'outcome-draw': return Object.keys(c.options);
    case 'story': return [...Object.keys(c.outcomes), ...(c.actual ? [c.actual] : [])];
    case 'streak': return [...c.outcomes];
    case 'allocation-return': return [];
    case 'cascade-guess': return [...c.urns];
    default: return [];
  }
}

function nextTargets(turn: TurnSpec): string[] {
  if (turn.next === undefined) return [];
  return typeof turn.next === 'string' ? [turn.next] : [...turn.next.branches.map((b) => b.goto), turn.next.otherwise];
}

/** Rules the schema's shape cannot say: unique ids, fitting kinds, references and placeholders that exist. */
function checkSemantics(file: string, scenario: Scenario): string[] {
  const problems: string[] = [];
  const at = (path: string, message: string) => problems.push(`${file}: ${path}: ${message}`);
  if (scenario.players.min > scenario.players.max) at('players.min', 'must not exceed players.max');
  const conditionVars = scenario.conditions.flatMap((c) => c.levels.flatMap((l) => Object.keys(l.vars)));
  const turnIds = new Set(scenario.turns.map((t) => t.id));
  const seen = new Set<string>();
  scenario.turns.forEach((turn, i) => {
    const path = `turns[${i}]`;
    if (seen.has(turn.id)) at(`${path}.id`, `duplicate turn id "${turn.id}"`);
    seen.add(turn.id);
    const d = turn.decision;
    if ((d.kind === 'numeric' || d.kind === 'interval') && d.min > d.max) at(`${path}.decision.min`, 'must not exceed decision.max');
    if (turn.defaultMove && turn.defaultMove.kind !== d.kind) at(`${path}.defaultMove.kind`, `expected "${d.kind}" to match the decision`);
    if (turn.confidence && d.kind !== 'numeric' && d.kind !== 'choice' && d.kind !== 'multi-choice') at(`${path}.confidence`, 'only numeric and choice decisions can ask for confidence');
    const kinds = decisionKindsFor[turn.consequence.kind];
    if (!kinds.includes(d.kind)) at(`${path}.decision.kind`, `a ${turn.consequence.kind} consequence needs a ${kinds.join(' or ')} decision`);
    if (turn.consequence.kind === 'allocation-return' && d.kind === 'allocation') {
      for (const item of d.items) if (!(item.id in turn.consequence.returns)) at(`${path}.consequence.returns`, `no return for item "${item.id}"`);
    }
    const offered = d.kind === 'choice' || d.kind === 'multi-choice' ? d.options.map((o) => o.id) : d.kind === 'evidence' ? d.cards.map((c) => c.id) : null;
    if (turn.consequence.kind === 'evidence-cards' && offered) {
      for (const card of turn.consequence.cards) if (!offered.includes(card.id)) at(`${path}.consequence.cards`, `card "${card.id}" is not offered by the decision`);
    }
    for (const option of referencedOptions(turn.consequence)) {
      if (offered && !offered.includes(option)) at(`${path}.consequence`, `refers to option "${option}", which the decision does not offer`);
    }
    for (const target of nextTargets(turn)) if (target !== END && !turnIds.has(target)) at(`${path}.next`, `unknown turn "${target}"`);
    if (turn.next !== undefined && scenario.turnMode !== 'self-paced') at(`${path}.next`, 'branches need turnMode: self-paced');
    const before = [...consequenceVarNames(turn.consequence), ...conditionVars];
    for (const token of templateTokens(turn.prompt)) if (!before.includes(token)) at(`${path}.prompt`, `unknown placeholder {{${token}}}; known: ${before.join(', ')}`);
    const after = [...consequenceOutcomeNames(turn.consequence), ...conditionVars];
    for (const token of templateTokens(turn.reveal ?? '')) if (!after.includes(token)) at(`${path}.reveal`, `unknown placeholder {{${token}}}; known: ${after.join(', ')}`);
  });
  if (scenario.turns.some((t) => t.consequence.kind === 'growth-forecast') && !scenario.model) at('model', 'growth-forecast turns need an exponential-growth model');
  return problems;
}

/** Validate parsed YAML/JSON as a scenario; every problem comes back with its file and path. */
export function checkScenario(file: string, raw: unknown): ScenarioCheck {
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => formatIssue(file, issue)) };
  const problems = checkSemantics(file, parsed.data);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, scenario: parsed.data };
}
