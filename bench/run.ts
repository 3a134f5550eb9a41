// `npm run bench`: runs every scenario in bench/scenarios and prints one JSON
// object per figure, each with the machine's load average when it was printed
// (the bench machine is shared; a ratio means more next to the load it ran under).
// BENCH_QUICK=1 skips the heavy ones; BENCH_ONLY=name picks scenarios by name;
// BENCH_ROUND_MS / BENCH_ROUNDS shorten the long rounds (bench/rounds.ts) for a quick look.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadNow } from './stats';
import type { BenchScenario } from './types';

const dir = join(import.meta.dirname, 'scenarios');
const quick = process.env.BENCH_QUICK === '1';
const only = process.env.BENCH_ONLY;

const scenarios: BenchScenario[] = [];
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { scenarios?: BenchScenario[] };
  scenarios.push(...(mod.scenarios ?? []));
}

let failed = 0;
for (const s of scenarios) {
  if (quick && s.heavy) continue;
  if (only && !s.name.includes(only)) continue;
  process.stderr.write(`bench: ${s.name}…\n`);
  try {
    for (const line of await s.run())
      process.stdout.write(JSON.stringify({ ...line, loadavg: line.loadavg ?? loadNow() }) + '\n');
  } catch (err) {
    failed++;
    process.stdout.write(
      JSON.stringify({ scenario: s.name, error: (err as Error).message, loadavg: loadNow() }) + '\n',
    );
  }
}
process.exitCode = failed ? 1 : 0;
