/**
 * Child process of the benchmarks: runs one command of the verify CLI (crypto/cli.ts) in this
 * process and writes {code, seconds, vmHwmKb} to the file named by BENCH_RESULT. `seconds` is the
 * command alone (modules already loaded); VmHWM is the peak resident set of the whole process.
 */
import fs from 'node:fs';
import { main } from '../../crypto/cli';

export function vmHwmKb(): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

async function run(): Promise<void> {
  const t0 = performance.now();
  const code = await main(process.argv.slice(2));
  const seconds = (performance.now() - t0) / 1000;
  if (process.env.BENCH_RESULT) fs.writeFileSync(process.env.BENCH_RESULT, JSON.stringify({ code, seconds, vmHwmKb: vmHwmKb() }));
  process.exitCode = code;
}

void run();
