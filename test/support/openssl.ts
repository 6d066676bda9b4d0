/**
 * The openssl CLI for the interoperability tests (test/crypto and test/api): one runner, and a loud
 * failure when openssl cannot be run. These tests are about agreeing with OpenSSL: without it they
 * must fail, not pass (or be skipped) silently.
 */
import { spawnSync } from 'node:child_process';

const version = spawnSync('openssl', ['version'], { encoding: 'utf8' });
if (version.status !== 0) {
  throw new Error(`openssl is required by these tests but could not be run (${version.error?.message ?? version.stderr}); install it (e.g. apt-get install openssl) or put it on PATH.`);
}
/** e.g. "OpenSSL 3.0.13 30 Jan 2024" */
export const OPENSSL_VERSION = version.stdout.trim();

export interface OpensslOptions {
  /** working directory (relative file names in args resolve here) */
  cwd?: string;
  /** bytes or text on stdin */
  input?: string | Uint8Array;
  /** default 120 s */
  timeoutMs?: number;
}

export interface OpensslOutput {
  status: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs openssl; never throws on a non-zero exit (the caller asserts on status and output). Throws if it cannot run or times out. */
export function runOpenssl(args: readonly string[], options: OpensslOptions = {}): OpensslOutput {
  const r = spawnSync('openssl', args, { cwd: options.cwd, input: options.input, maxBuffer: 1 << 30, timeout: options.timeoutMs ?? 120_000 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** Runs openssl and insists on exit status 0; returns stdout. The error names the command and carries its output. */
export function runOpensslOk(args: readonly string[], options: OpensslOptions = {}): Buffer {
  const r = runOpenssl(args, options);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} exited with ${r.status}:\n${r.stderr}${r.stdout.toString('utf8')}`);
  return r.stdout;
}
