import type { z } from 'zod';
import { ScenarioSchema, type Scenario } from './schema.js';
import { figureNamesAfterDecision, figureNamesBeforeDecision } from '../engine/consequences.js';
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

/** Rules the schema's shape cannot say: unique ids, bounds in order, placeholders that exist. */
function checkSemantics(file: string, scenario: Scenario): string[] {
  const problems: string[] = [];
  const at = (path: string, message: string) => problems.push(`${file}: ${path}: ${message}`);
  if (scenario.players.min > scenario.players.max) at('players.min', 'must not exceed players.max');
  const seen = new Set<string>();
  scenario.turns.forEach((turn, i) => {
    if (seen.has(turn.id)) at(`turns[${i}].id`, `duplicate turn id "${turn.id}"`);
    seen.add(turn.id);
    if (turn.decision.kind === 'numeric' && turn.decision.min > turn.decision.max) at(`turns[${i}].decision.min`, 'must not exceed decision.max');
    if (turn.defaultMove && turn.defaultMove.kind !== turn.decision.kind) at(`turns[${i}].defaultMove.kind`, `expected "${turn.decision.kind}" to match the decision`);
    const known = figureNamesBeforeDecision(turn.consequence);
    for (const token of templateTokens(turn.prompt)) {
      if (!known.includes(token)) at(`turns[${i}].prompt`, `unknown placeholder {{${token}}}; known: ${known.join(', ')}`);
    }
    const after = figureNamesAfterDecision(turn.consequence);
    for (const token of templateTokens(turn.reveal ?? '')) {
      if (!after.includes(token)) at(`turns[${i}].reveal`, `unknown placeholder {{${token}}}; known: ${after.join(', ')}`);
    }
  });
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
