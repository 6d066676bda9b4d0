/**
 * Runs every bench/*.bench.ts in its own child process (node + tsx), in name order, and lets each
 * print its own table. `npm run bench -- seal` runs only the files whose name contains "seal".
 * Exit status: non-zero if any bench failed (a missed target counts as a failure).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const filters = process.argv.slice(2);
const files = fs.readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts') && (filters.length === 0 || filters.some((x) => f.includes(x))))
  .sort();
if (files.length === 0) {
  process.stderr.write(`no bench/*.bench.ts${filters.length ? ` matching ${filters.join(', ')}` : ''}\n`);
  process.exit(2);
}

const results: { file: string; status: number | null; seconds: number }[] = [];
for (const file of files) {
  process.stdout.write(`\n## bench/${file}\n\n`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file)], { cwd: ROOT, stdio: 'inherit', env: process.env });
  results.push({ file, status: r.status ?? (r.signal ? 128 : 1), seconds: (performance.now() - t0) / 1000 });
}
process.stdout.write('\n');
for (const r of results) process.stdout.write(`${r.status === 0 ? 'ok  ' : 'FAIL'} bench/${r.file} (${r.seconds.toFixed(1)} s${r.status === 0 ? '' : `, exit ${r.status}`})\n`);
process.exitCode = results.every((r) => r.status === 0) ? 0 : 1;
