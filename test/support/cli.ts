/** The offline verifier as a user runs it: `tsx crypto/cli.ts <command> …` in its own process, from the repository root. */
import { execFile } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT, 'crypto', 'cli.ts');

export interface CliResult {
  /** the exit code (0 verified, 1 failed verification or error, 2 usage) */
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI; resolves with its exit code and output whatever the code (rejects only if it cannot start or is killed). */
export function runCli(...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(TSX, [CLI, ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(Object.assign(error, { stdout, stderr }));
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

/** Run the CLI and require exit code 0; returns its stdout. */
export async function runCliOk(...args: string[]): Promise<string> {
  const result = await runCli(...args);
  if (result.code !== 0) throw new Error(`verify ${args.join(' ')} exited with ${result.code}:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}
