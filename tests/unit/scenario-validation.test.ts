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

describe('scenario rules beyond the schema', () => {
  const investment = readFileSync('scenarios/investment-thesis.yaml', 'utf8');
  const check = (text: string) => checkScenarioText('investment-thesis.yaml', text).problems;

  it('refuses a decision kind the consequence cannot score', () => {
    const broken = investment.replace('decision: { kind: numeric, unit: "%", min: 0, max: 100 }\n    timerSeconds: 60\n    consequence: { kind: belief, evidence: null }',
      'decision: { kind: confidence }\n    timerSeconds: 60\n    consequence: { kind: belief, evidence: null }');
    expect(check(broken)).toContain('investment-thesis.yaml: turns[0].decision.kind: a belief consequence needs a numeric decision');
  });

  it('refuses options and cards the decision does not offer', () => {
    expect(check(investment.replace('continueOption: invest-more', 'continueOption: invest-lots')))
      .toContain('investment-thesis.yaml: turns[4].consequence: refers to option "invest-lots", which the decision does not offer');
    expect(check(investment.replace('- { id: press, kind: confirming', '- { id: pres, kind: confirming')))
      .toContain('investment-thesis.yaml: turns[1].consequence.cards: card "pres" is not offered by the decision');
  });

  it('refuses branches outside self-paced play and placeholders no condition provides', () => {
    const branched = investment.replace('    consequence: { kind: belief, evidence: null }', '    consequence: { kind: belief, evidence: null }\n    next: research');
    expect(check(branched)).toContain('investment-thesis.yaml: turns[0].next: branches need turnMode: self-paced');
    const unknownVar = investment.replace('{{historyText}}', '{{storyText}}');
    expect(check(unknownVar).some((p) => p.startsWith('investment-thesis.yaml: turns[4].prompt: unknown placeholder {{storyText}}'))).toBe(true);
  });

  it('reports unknown decision kinds at their path', () => {
    const problems = check(investment.replace('kind: evidence\n', 'kind: cards\n'));
    expect(problems.some((p) => p.startsWith('investment-thesis.yaml: turns[1].decision.kind: '))).toBe(true);
  });
});
