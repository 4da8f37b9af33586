import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkScenarioText } from '../../server/scenarios/catalogue.js';

const coffee = readFileSync('scenarios/coffee-shop.yaml', 'utf8');

describe('scenario files', () => {
  it('accepts the shipped coffee-shop scenario', () => {
    const { scenario, problems } = checkScenarioText('coffee-shop.yaml', coffee);
    expect(problems).toEqual([]);
    expect(scenario?.turns.length).toBeGreaterThanOrEqual(4);
  });

  it('reports a wrong type with its file and path', () => {
    const broken = coffee.replace('max: 10000000, integer: true }\n    timerSeconds: 120\n    consequence: { kind: growth-forecast, at: 12',
      'max: "lots", integer: true }\n    timerSeconds: 120\n    consequence: { kind: growth-forecast, at: 12');
    const { problems } = checkScenarioText('coffee-shop.yaml', broken);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^coffee-shop\.yaml: turns\[2\]\.decision\.max: .*number/);
  });

  it('reports every problem, including unknown keys, placeholders and bounds', () => {
    const broken = coffee
      .replace('rate: 0.10', 'rate: 0.10\n  colour: blue')
      .replace('{{ratePercent}} % every week. Supplies', '{{growthRate}} % every week. Supplies')
      .replace('min: 0, max: 10000000, integer: true }\n    timerSeconds: 120\n    consequence: { kind: growth-forecast, at: 4',
        'min: 50, max: 10, integer: true }\n    timerSeconds: 120\n    consequence: { kind: growth-forecast, at: 4');
    const problems = checkScenarioText('coffee-shop.yaml', broken).problems;
    expect(problems.some((p) => p.startsWith('coffee-shop.yaml: model: ') && p.includes('colour'))).toBe(true);
    const semantic = checkScenarioText('coffee-shop.yaml', broken.replace('\n  colour: blue', '')).problems;
    expect(semantic).toContain('coffee-shop.yaml: turns[0].prompt: unknown placeholder {{growthRate}}; known: period, current, target, horizon, ratePercent');
    expect(semantic).toContain('coffee-shop.yaml: turns[1].decision.min: must not exceed decision.max');
  });

  it('reports YAML syntax errors and ids that do not match the file name', () => {
    expect(checkScenarioText('x.yaml', 'id: [unclosed').problems[0]).toMatch(/^x\.yaml: \(syntax\): /);
    expect(checkScenarioText('other.yaml', coffee).problems).toEqual(['other.yaml: id: expected "other" to match the file name']);
  });
});
