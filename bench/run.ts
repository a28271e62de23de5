/**
 * `npm run bench`: runs every bench/*.bench.ts, one after the other, each in its own Node process
 * (so one benchmark's heap and JIT state do not colour the next), and prints their figures.
 * A benchmark file prints when executed directly; this runner only finds and starts them.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n== ${file}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, file)], { stdio: 'inherit', cwd: join(benchDir, '..') });
  if (run.status !== 0) {
    failed++;
    process.stderr.write(`${file} failed (exit ${run.status ?? run.signal})\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
