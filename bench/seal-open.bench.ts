/**
 * Sealing and opening a large bid: tenderhall's streaming encoder and streaming opener (through the
 * verify CLI) against `openssl cms`, each operation in its own child process, on the same files.
 *
 *   BENCH_MB    size of the random content in MiB, an integer (default 100)
 *   BENCH_RUNS  runs per operation; the table shows the median time and the largest peak (default 3)
 *   BENCH_TMPDIR where the files go (default the system temp directory; about 5× BENCH_MB is needed)
 *
 * Targets (DESIGN §4): sealing peaks under 200 MB; opening takes at most 2× `openssl cms -decrypt`
 * on the same bid.cms, with a peak well under 200 MB. "time s" is the operation: for openssl the
 * whole process, for tenderhall the CLI command without loading node and the TypeScript modules
 * (run from source through tsx, which alone costs about half a second and ~75 MB); "process s" is
 * the whole child process for both. Exit status 1 when a target is missed or an output is wrong.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Measurement, cliCommand, gnuTimeAvailable, intEnv, markdownTable, measure, median } from './lib/measure';

const MB = intEnv('BENCH_MB', 100, 1, 16_384);
const RUNS = intEnv('BENCH_RUNS', 3, 1, 1000);
const SEAL_PEAK_LIMIT_MB = 200;
const OPEN_PEAK_LIMIT_MB = 200;
const OPEN_TIME_FACTOR = 2;

const dir = fs.mkdtempSync(path.join(process.env.BENCH_TMPDIR ?? os.tmpdir(), 'tenderhall-bench-'));
const file = (name: string) => path.join(dir, name);
function cleanup(): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { cleanup(); process.exit(130); });

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function sha256OfFile(name: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(name, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

function writeRandomFile(name: string, bytes: number): void {
  const fd = fs.openSync(name, 'w');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let left = bytes; left > 0; left -= buf.length) {
      const n = Math.min(buf.length, left);
      randomFillSync(buf, 0, n);
      fs.writeSync(fd, buf, 0, n);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function setUp(): { contentSha256: string } {
  for (const who of ['bidder', 'opening']) {
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file(`${who}.key`), '-out', file(`${who}.pem`),
      '-subj', `/O=Tenderhall Bench/CN=${who}`, '-days', '2', '-addext', 'keyUsage=critical,keyEncipherment']);
  }
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('signer.key'), '-out', file('signer.pem'),
    '-subj', '/O=Tenderhall Bench/CN=signer', '-days', '2', '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation']);
  openssl(['pkcs12', '-export', '-inkey', file('signer.key'), '-in', file('signer.pem'), '-out', file('signer.p12'), '-passout', 'pass:bench']);
  writeRandomFile(file('content.bin'), Math.round(MB * 1024 * 1024));
  return { contentSha256: sha256OfFile(file('content.bin')) };
}

interface Row { operation: string; tool: string; runs: Measurement[] }

async function runs(operation: string, tool: string, command: [string, string[]], before?: () => void, check?: (m: Measurement) => void): Promise<Row> {
  const row: Row = { operation, tool, runs: [] };
  for (let i = 0; i < RUNS; i++) {
    before?.();
    const m = await measure(command[0], command[1], { BENCH_P12_PASSWORD: 'bench' });
    check?.(m);
    row.runs.push(m);
  }
  return row;
}

function expectExit(m: Measurement, status: number, what: string): void {
  if (m.status !== status) throw new Error(`${what}: exit ${m.status}, ${status} expected\n${m.stdout}${m.stderr}`);
}

function expectSameContent(name: string, sha256: string, what: string): void {
  const got = sha256OfFile(name);
  if (got !== sha256) throw new Error(`${what}: output differs from the content (sha256 ${got})`);
}

const seconds = (r: Row) => median(r.runs.map((m) => m.seconds));
const processSeconds = (r: Row) => median(r.runs.map((m) => m.processSeconds));
const peakMb = (r: Row) => Math.max(...r.runs.map((m) => m.peakKb)) / 1024;

async function main(): Promise<number> {
  const { contentSha256 } = setUp();
  const size = `${MB} MiB`;
  const pkg = file('pkg');
  const ourOut = file('opened-tenderhall.bin');
  const sslOut = file('opened-openssl.bin');
  const sslSealed = file('openssl.cms');

  const startup = await runs('start-up only (no command)', 'tenderhall (node + tsx)', cliCommand([]), undefined, (m) => expectExit(m, 2, 'start-up'));

  const sealOurs = await runs(`seal ${size}, 2 recipients`, 'tenderhall CLI seal (streaming)', cliCommand([
    'seal', '--project', 'BENCH', '--lot', 'LOT-1', '--bidder', 'ORG-1', '--signer', file('signer.p12'), '--password-env', 'BENCH_P12_PASSWORD',
    '--to', file('bidder.pem'), '--to', file('opening.pem'), '--out', pkg, file('content.bin'),
  ]), () => fs.rmSync(pkg, { recursive: true, force: true }), (m) => expectExit(m, 0, 'tenderhall seal'));

  const recipientOptions = (who: string) => ['-recip', file(`${who}.pem`), '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256', '-keyopt', 'rsa_mgf1_md:sha256'];
  const sealOpenssl = await runs(`seal ${size}, 2 recipients`, 'openssl cms -encrypt -aes-256-gcm', ['openssl', [
    'cms', '-encrypt', '-aes-256-gcm', ...recipientOptions('bidder'), ...recipientOptions('opening'),
    '-binary', '-outform', 'DER', '-in', file('content.bin'), '-out', sslSealed,
  ]], () => fs.rmSync(sslSealed, { force: true }), (m) => expectExit(m, 0, 'openssl cms -encrypt'));
  fs.rmSync(sslSealed, { force: true });

  // the same bid.cms (ours) for both openers; alternate them so neither has the warmer cache
  const openOurs: Row = { operation: `open ${size} (bid.cms from the seal above)`, tool: 'tenderhall CLI open (streaming)', runs: [] };
  const openOpenssl: Row = { operation: openOurs.operation, tool: 'openssl cms -decrypt', runs: [] };
  const ours = cliCommand(['open', pkg, '--key', file('bidder.key'), '--cert', file('bidder.pem'), '--out', ourOut]);
  const theirs: [string, string[]] = ['openssl', ['cms', '-decrypt', '-inform', 'DER', '-binary', '-in', path.join(pkg, 'bid.cms'),
    '-inkey', file('bidder.key'), '-recip', file('bidder.pem'), '-out', sslOut]];
  for (let i = 0; i < RUNS; i++) {
    const a = await measure(theirs[0], theirs[1]);
    expectExit(a, 0, 'openssl cms -decrypt');
    expectSameContent(sslOut, contentSha256, 'openssl cms -decrypt');
    fs.rmSync(sslOut);
    openOpenssl.runs.push(a);
    const b = await measure(ours[0], ours[1]);
    expectExit(b, 0, 'tenderhall open');
    expectSameContent(ourOut, contentSha256, 'tenderhall open');
    fs.rmSync(ourOut);
    openOurs.runs.push(b);
  }
  if (fs.readdirSync(dir).some((f) => f.endsWith('.partial'))) throw new Error('a temporary file was left next to the output');

  const rows = [sealOurs, sealOpenssl, openOurs, openOpenssl, startup];
  process.stdout.write(`${markdownTable(['operation', 'tool', 'time s', 'process s', 'peak MB'], rows.map((r) => [
    r.operation, r.tool, r === startup ? '–' : seconds(r).toFixed(2), processSeconds(r).toFixed(2), peakMb(r).toFixed(0),
  ]))}\n\n`);
  process.stdout.write(`${RUNS} run(s) each, median time, largest peak (MB = MiB, from ${rows[0].runs[0].peakSource}${gnuTimeAvailable() ? '' : '; /usr/bin/time -v not used'}); `
    + `node ${process.version}, ${execFileSync('openssl', ['version']).toString().trim()}, ${os.cpus().length} CPU(s), load ${os.loadavg()[0].toFixed(1)}\n\n`);

  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const sealOk = peakMb(sealOurs) < SEAL_PEAK_LIMIT_MB;
  const openTimeOk = seconds(openOurs) <= OPEN_TIME_FACTOR * seconds(openOpenssl);
  const openPeakOk = peakMb(openOurs) < OPEN_PEAK_LIMIT_MB;
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  process.stdout.write([
    `${verdict(sealOk)} seal peak < ${SEAL_PEAK_LIMIT_MB} MB: ${peakMb(sealOurs).toFixed(0)} MB (openssl ${peakMb(sealOpenssl).toFixed(0)} MB)`,
    `${verdict(openTimeOk)} open ≤ ${OPEN_TIME_FACTOR}× openssl time: ${seconds(openOurs).toFixed(2)} s vs ${seconds(openOpenssl).toFixed(2)} s (×${ratio(seconds(openOurs), seconds(openOpenssl))}; `
      + `whole process incl. node + tsx start-up ${processSeconds(openOurs).toFixed(2)} s, ×${ratio(processSeconds(openOurs), processSeconds(openOpenssl))})`,
    `${verdict(openPeakOk)} open peak < ${OPEN_PEAK_LIMIT_MB} MB: ${peakMb(openOurs).toFixed(0)} MB (openssl ${peakMb(openOpenssl).toFixed(0)} MB)`,
  ].join('\n') + '\n');
  return sealOk && openTimeOk && openPeakOk ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
}).finally(cleanup);
