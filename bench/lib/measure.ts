/**
 * Runs one operation in a child process and measures its wall time and peak memory. Peak memory
 * is GNU time's "Maximum resident set size" (`/usr/bin/time -v`) when that is available; else the
 * child's VmHWM, read from /proc/<pid>/status every few milliseconds while it runs (the last value
 * read before it exits, so a little low if it grows at the very end). A node child started through
 * bench/lib/timed-cli.ts also reports its own VmHWM at exit and the time of the command alone.
 * BENCH_NO_GNU_TIME=1 forces the /proc way.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
const GNU_TIME = '/usr/bin/time';

export interface Measurement {
  /** Wall time of the whole child process, seen from here. */
  processSeconds: number;
  /** Time of the operation alone when the child reported it (timed-cli), else the process time. */
  seconds: number;
  peakKb: number;
  peakSource: 'time -v' | 'VmHWM' | 'VmHWM sampled';
  status: number | null;
  stdout: string;
  stderr: string;
}

let gnuTime: boolean | undefined;
export function gnuTimeAvailable(): boolean {
  gnuTime ??= !process.env.BENCH_NO_GNU_TIME && fs.existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-v', 'true'], { stdio: 'ignore' }).status === 0;
  return gnuTime;
}

function sampledHwm(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `command args` (cwd: the repository root) and measures it. */
export async function measure(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Measurement> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tenderhall-measure-'));
  const timeFile = path.join(scratch, 'time.txt');
  const resultFile = path.join(scratch, 'result.json');
  try {
    const useTime = gnuTimeAvailable();
    const [cmd, argv] = useTime ? [GNU_TIME, ['-v', '-o', timeFile, command, ...args]] : [command, [...args]];
    const t0 = performance.now();
    const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env, BENCH_RESULT: resultFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    let sampled = 0;
    const sampler = useTime ? undefined : setInterval(() => { sampled = Math.max(sampled, sampledHwm(child.pid!) ?? 0); }, 5);
    const status = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code));
    });
    const processSeconds = (performance.now() - t0) / 1000;
    if (sampler) clearInterval(sampler);
    const reported = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) as { seconds: number; vmHwmKb?: number } : undefined;
    let peakKb: number;
    let peakSource: Measurement['peakSource'];
    if (useTime) {
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(fs.readFileSync(timeFile, 'utf8'));
      if (!m) throw new Error(`no maximum resident set size in the output of ${GNU_TIME} -v`);
      peakKb = Number(m[1]);
      peakSource = 'time -v';
    } else if (reported?.vmHwmKb) {
      peakKb = Math.max(reported.vmHwmKb, sampled);
      peakSource = 'VmHWM';
    } else {
      peakKb = sampled;
      peakSource = 'VmHWM sampled';
    }
    return { processSeconds, seconds: reported?.seconds ?? processSeconds, peakKb, peakSource, status, stdout, stderr };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** `node --import tsx bench/lib/timed-cli.ts <cli args>`: one verify-CLI command, timed from inside. */
export function cliCommand(args: readonly string[]): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'lib', 'timed-cli.ts'), ...args]];
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** An integer setting from the environment (BENCH_…), within [min, max]; anything else stops the bench with a message. */
export function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    process.stderr.write(`${name} must be an integer from ${min} to ${max}, got "${raw}"\n`);
    process.exit(2);
  }
  return n;
}
