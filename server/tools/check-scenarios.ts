/** `npm run scenarios:check [dir]`: validate every scenario file and print each problem with its path. */
import { checkScenarioDir } from '../scenarios/catalogue.js';

const dir = process.argv[2] ?? 'scenarios';
const { scenarios, problems } = await checkScenarioDir(dir);
for (const problem of problems) process.stderr.write(`${problem}\n`);
for (const s of scenarios) process.stdout.write(`ok  ${s.id}  (${s.turns.length} turns, ${s.turnMode})\n`);
if (problems.length > 0) {
  process.stderr.write(`\n${problems.length} problem(s) in ${dir}\n`);
  process.exit(1);
}
