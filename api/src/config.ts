/** Typed configuration from the environment, validated once at start. */
import fs from 'node:fs';
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL to use; unset → an embedded PostgreSQL under dataDir/postgres. */
  databaseUrl?: string;
  dataDir: string;
  /** `db`: database time, immovable. `movable`: database time plus an offset that tests (and demos) may move. */
  clock: 'db' | 'movable';
  /** Load demo organisations, users and certificates on first start (idempotent). */
  demo: boolean;
  /** With the demo data, also publish two demo projects dated from platform time (tests start without them). */
  demoProjects: boolean;
  tokenTtlSeconds: number;
  jwtSecret?: string;
  /** PEM files of external CAs whose certificates are accepted for login and signing. */
  trustAnchorFiles: string[];
  /** PEM CRLs published by those external CAs. */
  crlFiles: string[];
  webDist: string;
  maxRequestBytes: number;
  maxQueryDepth: number;
  maxQueryComplexity: number;
  logLevel: 'silent' | 'info';
  /** How often the scheduler applies clock-driven transitions and refreshes deadline lights; 0 = never (tests tick by hand). */
  schedulerIntervalMs: number;
  /** The transparency log's origin line (C2SP checkpoint), e.g. the platform's host name + /ledger. */
  ledgerOrigin: string;
  /** Largest sealed bid (bid.cms) accepted, checked before anything is stored. */
  maxBidBytes: number;
  /** Avoidance: an expert who evaluated for the same tenderee within this many days is left out of its draws. */
  recentEvaluationDays: number;
  /** OCDS export: the ocid prefix (ocds-xxxxxx), the publisher's name and the public base URL of package URIs. */
  ocds: { ocidPrefix: string; publisherName: string; baseUrl: string };
}

/** The repository root (holds package.json), whether running from api/src or from dist/api/src. */
function findRoot(dir: string): string {
  for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'package.json'))) return d;
  }
  throw new Error(`no package.json above ${dir}`);
}

export const projectRoot = findRoot(__dirname);
const ROOT = projectRoot;

function int(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer between ${min} and ${max}, got "${value}"`);
  return n;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const clock = env.CLOCK ?? 'db';
  if (clock !== 'db' && clock !== 'movable') throw new Error(`CLOCK must be "db" or "movable", got "${clock}"`);
  const trustAnchorFiles = list(env.TRUST_ANCHORS);
  const crlFiles = list(env.TRUST_CRLS);
  for (const file of [...trustAnchorFiles, ...crlFiles]) {
    if (!fs.existsSync(file)) throw new Error(`configured PKI file does not exist: ${file}`);
  }
  if (env.JWT_SECRET !== undefined && env.JWT_SECRET.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
  return {
    port: int('PORT', env.PORT, 4000, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? path.join(ROOT, 'data')),
    clock,
    demo: (env.DEMO ?? 'true') !== 'false',
    demoProjects: (env.DEMO_PROJECTS ?? 'true') !== 'false',
    tokenTtlSeconds: int('TOKEN_TTL_SECONDS', env.TOKEN_TTL_SECONDS, 1800, 60, 86400),
    jwtSecret: env.JWT_SECRET,
    trustAnchorFiles,
    crlFiles,
    webDist: path.join(ROOT, 'web', 'dist'),
    maxRequestBytes: int('MAX_REQUEST_BYTES', env.MAX_REQUEST_BYTES, 1024 * 1024, 1024, 64 * 1024 * 1024),
    maxQueryDepth: int('MAX_QUERY_DEPTH', env.MAX_QUERY_DEPTH, 12, 2, 100),
    maxQueryComplexity: int('MAX_QUERY_COMPLEXITY', env.MAX_QUERY_COMPLEXITY, 2000, 10, 1_000_000),
    logLevel: env.LOG_LEVEL === 'silent' ? 'silent' : 'info',
    ledgerOrigin: env.LEDGER_ORIGIN ?? 'tenderhall.localhost/ledger',
    maxBidBytes: int('MAX_BID_BYTES', env.MAX_BID_BYTES, 200 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
    recentEvaluationDays: int('RECENT_EVALUATION_DAYS', env.RECENT_EVALUATION_DAYS, 90, 0, 3650),
    schedulerIntervalMs: int('SCHEDULER_INTERVAL_MS', env.SCHEDULER_INTERVAL_MS, 1000, 0, 3_600_000),
    ocds: ocdsConfig(env),
  };
}

/** OCDS_OCID_PREFIX (a registered prefix, ocds- and six characters), OCDS_PUBLISHER, PUBLIC_URL (default: the ledger origin's host over https). */
function ocdsConfig(env: NodeJS.ProcessEnv): Config['ocds'] {
  const ocidPrefix = env.OCDS_OCID_PREFIX || 'ocds-th0000';
  if (!/^ocds-[a-z0-9]{6}$/.test(ocidPrefix)) throw new Error(`OCDS_OCID_PREFIX must be "ocds-" and six lower-case letters or digits, got "${ocidPrefix}"`);
  const host = (env.LEDGER_ORIGIN ?? 'tenderhall.localhost/ledger').split('/')[0];
  const baseUrl = env.PUBLIC_URL || `https://${host}`;
  if (!URL.canParse(baseUrl)) throw new Error(`PUBLIC_URL must be an absolute URL, got "${baseUrl}"`);
  return { ocidPrefix, publisherName: env.OCDS_PUBLISHER || 'tenderhall 公共资源交易平台', baseUrl: baseUrl.replace(/\/+$/, '') };
}
