import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { checkScenario, type Scenario } from '../../shared/scenario/index.js';
import type { ScenarioCatalogue } from '../room/service.js';

export class ScenarioLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`scenario files have problems:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const SCENARIO_FILE = /\.(ya?ml|json)$/;

/** Parse and validate one file; problems come back as `file: path: message`. */
export function checkScenarioText(file: string, text: string): { scenario?: Scenario; problems: string[] } {
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: true, merge: true });
  } catch (err) {
    return { problems: [`${file}: (syntax): ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`] };
  }
  const checked = checkScenario(file, raw);
  if (!checked.ok) return { problems: checked.problems };
  const expectedId = file.replace(SCENARIO_FILE, '');
  if (checked.scenario.id !== expectedId) return { problems: [`${file}: id: expected "${expectedId}" to match the file name`] };
  return { scenario: checked.scenario, problems: [] };
}

/** Every scenario file in a folder, or every problem in all of them. */
export async function checkScenarioDir(dir: string): Promise<{ scenarios: Scenario[]; problems: string[] }> {
  const files = (await readdir(dir)).filter((f) => SCENARIO_FILE.test(f)).sort();
  const scenarios: Scenario[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const result = checkScenarioText(file, await readFile(path.join(dir, file), 'utf8'));
    problems.push(...result.problems);
    if (result.scenario) scenarios.push(result.scenario);
  }
  if (files.length === 0) problems.push(`${dir}: no scenario files (*.yaml, *.yml, *.json)`);
  return { scenarios, problems };
}

/** The server refuses to start with a broken scenario: it throws with every problem listed. */
export async function loadScenarioCatalogue(dir: string): Promise<ScenarioCatalogue> {
  const { scenarios, problems } = await checkScenarioDir(dir);
  if (problems.length > 0) throw new ScenarioLoadError(problems);
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  return { get: (id) => byId.get(id), list: () => [...byId.values()] };
}
