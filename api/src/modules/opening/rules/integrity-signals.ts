/**
 * Collusion signals (围标串标) for supervisors at a bid opening — pure, no I/O.
 *
 * Modelled on 《招标投标法实施条例》第四十条 (视为串通投标): 投标文件由同一单位或个人编制；委托同一单位或个人
 * 办理投标事宜；投标文件异常一致或者投标报价呈规律性差异；投标文件相互混装 … and on what electronic trading
 * platforms check in practice (same IP / certificate, same document hashes, submissions in a burst).
 *
 * A flag is a signal for a supervisor to look at, never a verdict: ALERT = the platform recorded the
 * same technical fact for two organisations (hard to explain innocently); WARNING = a pattern that
 * can occur by chance and needs judgement.
 *
 * Common to every rule:
 * - only signals across DIFFERENT organisations count: an organisation that submitted twice (replaced
 *   its bid) or put the same file in twice is never flagged with itself;
 * - missing facts (null IP, null user agent, empty fingerprint, null price) never match anything;
 * - one flag per group of organisations, not one per pair: every organisation sharing IP 10.0.0.7
 *   is in the same flag, and two organisations that share several IPs (or files) get one flag
 *   listing all of them;
 * - the output is deterministic: flags sorted by kind (in the order of IntegrityFlagKind), then by
 *   organisation ids, then by the evidence key; every list in the evidence is sorted;
 * - money is handled in integer fen (BigInt), never in floating point.
 */

export type IntegrityFlagKind =
  | 'SAME_IP'
  | 'SAME_CERTIFICATE'
  | 'SAME_USER_AGENT_BURST'
  | 'UPLOAD_BURST'
  | 'SAME_DOCUMENT'
  | 'IDENTICAL_PRICES'
  | 'REGULAR_PRICE_STEPS'
  | 'PRICES_CLUSTERED';

export interface IntegrityFlag {
  kind: IntegrityFlagKind;
  severity: 'WARNING' | 'ALERT';
  /** organisation ids involved, sorted */
  organisationIds: string[];
  /** one or two sentences in Chinese a supervisor understands, naming the organisations and the evidence, e.g. "甲公司、乙公司的投标文件从同一 IP 地址 10.0.0.7 上传。" */
  explanation: string;
  /** the facts behind it (ip, fingerprints, times, prices, file names/hashes, the step found …) */
  evidence: Record<string, unknown>;
}

export interface SubmissionFacts {
  bidId: string;
  organisationId: string;
  organisationName: string;
  clientIp: string | null;
  userAgent: string | null;
  signerFingerprint: string;
  uploadStartedAt: Date | null;
  submittedAt: Date;
}

export interface OpenedFacts {
  bidId: string;
  organisationId: string;
  organisationName: string;
  /** yuan, plain decimal string, e.g. "1234567.89"; null if none */
  price: string | null;
  files: { name: string; sha256: string; size: number }[];
}

export interface SignalOptions {
  /** SAME_USER_AGENT_BURST / UPLOAD_BURST: max seconds between one submission and the next in a burst (default 60) */
  burstSeconds?: number;
  /** PRICES_CLUSTERED: max deviation of any price from the mean, in percent (default 0.5) */
  clusterPercent?: number;
  /** REGULAR_PRICE_STEPS: min number of prices in a regular run (default 3; values below 3 count as 3) */
  minRegularBids?: number;
}

const DEFAULTS = { burstSeconds: 60, clusterPercent: 0.5, minRegularBids: 3 } as const;

/**
 * Files smaller than this are ignored by SAME_DOCUMENT. Empty files and tiny files (a one-line
 * "无" placeholder, an empty 偏离表 saved from the same template, a 0-byte attachment slot) are
 * byte-identical across honest bidders all the time; anything a bidder actually wrote (a priced
 * bill, a technical proposal, a signed PDF) is far larger than 1 KiB, and signed/sealed documents
 * differ per bidder, so an identical hash above this size means one file went into two bids.
 */
export const MIN_DOCUMENT_BYTES = 1024;

/** IDENTICAL_PRICES on a whole multiple of this (¥10,000) is only a WARNING: round prices coincide by chance. */
const ROUND_PRICE_FEN = 1_000_000n;

const KIND_ORDER: readonly IntegrityFlagKind[] = [
  'SAME_IP',
  'SAME_CERTIFICATE',
  'SAME_USER_AGENT_BURST',
  'UPLOAD_BURST',
  'SAME_DOCUMENT',
  'IDENTICAL_PRICES',
  'REGULAR_PRICE_STEPS',
  'PRICES_CLUSTERED',
];

/* ------------------------------------------------------------------------------------------------
 * Before decryption: what the platform recorded at submission
 * --------------------------------------------------------------------------------------------- */

/**
 * SAME_IP (ALERT) — ≥ 2 organisations whose bids were uploaded from the same client IP (after
 * normalisation: trimmed, lower case, IPv6 zone id and the IPv4-mapped "::ffff:" prefix removed).
 * Art. 40 "委托同一单位或个人办理投标事宜". One flag per group of organisations, listing every IP they share.
 *
 * SAME_CERTIFICATE (ALERT) — ≥ 2 organisations whose bids were signed with the same certificate
 * (fingerprint compared case-insensitively, ":" and spaces ignored). A certificate belongs to one
 * organisation or person: the same key signing two bidders' documents is "由同一单位或个人编制".
 *
 * SAME_USER_AGENT_BURST (WARNING) — ≥ 2 organisations with the same (non-empty) user agent whose
 * submissions completed in a burst: sorted by time, each within burstSeconds of the previous one.
 * The same machine/client build used for several bidders one after the other. Only a WARNING: many
 * bidders use the same bid client and submit in the last minutes before the deadline.
 *
 * UPLOAD_BURST (WARNING) — ≥ 2 organisations on the same network (IPv4 /24, IPv6 /64) whose uploads
 * started in a burst (uploadStartedAt, else submittedAt; each within burstSeconds of the previous).
 * One office uploading for several bidders from neighbouring addresses. A burst whose bids all come
 * from one single IP is left out: SAME_IP already reports that, as an ALERT.
 */
export function submissionSignals(bids: readonly SubmissionFacts[], options: SignalOptions = {}): IntegrityFlag[] {
  const burstMs = (options.burstSeconds ?? DEFAULTS.burstSeconds) * 1000;
  const names = organisationNames(bids);
  const flags: Keyed[] = [];

  // SAME_IP
  for (const group of sharedKeys(bids, (b) => normaliseIp(b.clientIp))) {
    const ips = group.keys;
    flags.push({
      kind: 'SAME_IP',
      severity: 'ALERT',
      organisationIds: group.organisationIds,
      explanation: `${nameList(group.organisationIds, names)}的投标文件从同一 IP 地址 ${ips.join('、')} 上传。`,
      evidence: { ips, bids: group.bids.map((b) => ({ bidId: b.bidId, organisationId: b.organisationId, clientIp: b.clientIp, submittedAt: b.submittedAt.toISOString() })) },
      key: ips.join(','),
    });
  }

  // SAME_CERTIFICATE
  for (const group of sharedKeys(bids, (b) => normaliseFingerprint(b.signerFingerprint))) {
    const fingerprints = group.keys;
    flags.push({
      kind: 'SAME_CERTIFICATE',
      severity: 'ALERT',
      organisationIds: group.organisationIds,
      explanation: `${nameList(group.organisationIds, names)}的投标文件使用同一数字证书签名（证书指纹 ${fingerprints.map(shortHash).join('、')}）。`,
      evidence: { fingerprints, bids: group.bids.map((b) => ({ bidId: b.bidId, organisationId: b.organisationId, signerFingerprint: b.signerFingerprint })) },
      key: fingerprints.join(','),
    });
  }

  // SAME_USER_AGENT_BURST
  for (const [userAgent, members] of groupBy(bids, (b) => normaliseUserAgent(b.userAgent))) {
    for (const burst of bursts(members, (b) => b.submittedAt, burstMs)) {
      const organisationIds = distinctSorted(burst.map((b) => b.organisationId));
      const span = spanOf(burst.map((b) => b.submittedAt));
      flags.push({
        kind: 'SAME_USER_AGENT_BURST',
        severity: 'WARNING',
        organisationIds,
        explanation: `${nameList(organisationIds, names)}使用相同的客户端环境（${truncate(userAgent, 60)}），在 ${span.seconds} 秒内相继提交投标文件（${cstTime(span.first)} 至 ${cstTime(span.last)}）。`,
        evidence: {
          userAgent,
          burstSeconds: burstMs / 1000,
          firstAt: span.first.toISOString(),
          lastAt: span.last.toISOString(),
          spanSeconds: span.seconds,
          bids: burst.map((b) => ({ bidId: b.bidId, organisationId: b.organisationId, submittedAt: b.submittedAt.toISOString() })),
        },
        key: `${span.first.toISOString()}|${userAgent}`,
      });
    }
  }

  // UPLOAD_BURST
  const uploadAt = (b: SubmissionFacts) => b.uploadStartedAt ?? b.submittedAt;
  for (const [network, members] of groupBy(bids, (b) => networkOf(normaliseIp(b.clientIp)))) {
    for (const burst of bursts(members, uploadAt, burstMs)) {
      const ips = distinctSorted(burst.map((b) => normaliseIp(b.clientIp) as string));
      if (ips.length < 2) continue; // one single IP: that is SAME_IP
      const organisationIds = distinctSorted(burst.map((b) => b.organisationId));
      const span = spanOf(burst.map(uploadAt));
      flags.push({
        kind: 'UPLOAD_BURST',
        severity: 'WARNING',
        organisationIds,
        explanation: `${nameList(organisationIds, names)}从同一网段 ${network}（${ips.join('、')}）在 ${span.seconds} 秒内相继开始上传投标文件（${cstTime(span.first)} 至 ${cstTime(span.last)}）。`,
        evidence: {
          network,
          ips,
          burstSeconds: burstMs / 1000,
          firstAt: span.first.toISOString(),
          lastAt: span.last.toISOString(),
          spanSeconds: span.seconds,
          bids: burst.map((b) => ({ bidId: b.bidId, organisationId: b.organisationId, clientIp: b.clientIp, uploadStartedAt: uploadAt(b).toISOString() })),
        },
        key: `${span.first.toISOString()}|${network}`,
      });
    }
  }

  return sortFlags(flags);
}

/* ------------------------------------------------------------------------------------------------
 * After decryption: documents and prices
 * --------------------------------------------------------------------------------------------- */

/**
 * SAME_DOCUMENT (ALERT) — a file with the same SHA-256 in the bids of ≥ 2 organisations
 * ("投标文件相互混装 / 由同一单位或个人编制"). Files under MIN_DOCUMENT_BYTES (1 KiB) are ignored, see
 * there. One flag per group of organisations, listing every file they share with each bidder's
 * file name. The supervisor still checks that a shared file is not one the tenderee issued (a
 * form from the tender documents attached unchanged), which this rule cannot know.
 *
 * IDENTICAL_PRICES — ≥ 2 organisations bid exactly the same price, to the fen ("投标报价异常一致").
 * ALERT, except for a whole multiple of ¥10,000 (WARNING): round figures, or everyone bidding the
 * control price, coincide innocently. One flag per price.
 *
 * REGULAR_PRICE_STEPS (WARNING) — "投标报价呈规律性差异". The distinct prices are sorted; a run of
 * ≥ minRegularBids consecutive prices, from ≥ minRegularBids organisations, whose steps are
 *   - equal differences, to the fen (e.g. 980,000 / 990,000 / 1,000,000), or
 *   - equal relative steps (b − a) / a, to 4 significant digits (e.g. each 2.000 % above the last).
 * The relative step is the ratio b / a minus one: comparing b / a itself to 4 significant digits
 * would call any prices within 0.05 % of each other "regular" (all ratios round to 1.000).
 * Only consecutive prices count, not any subset: a ring's cover bids sit next to each other, and
 * searching every subset of 20 bids would find chance progressions. A run that is both (possible
 * for tiny steps) is reported once, as equal differences (a ratio run inside a difference run is dropped). One flag per maximal run.
 *
 * PRICES_CLUSTERED (WARNING) — ≥ 3 organisations priced and ALL prices lie within clusterPercent %
 * of their mean (|price − mean| ≤ clusterPercent % × mean): bidders who are supposed to compete
 * arriving at nearly the same figure. Not raised when all prices are equal (IDENTICAL_PRICES says it).
 *
 * A price that is not a plain decimal with at most two decimals throws a RangeError (the opening
 * record is validated before; a wrong figure must not be silently skipped).
 */
export function openedSignals(bids: readonly OpenedFacts[], options: SignalOptions = {}): IntegrityFlag[] {
  const clusterPercent = options.clusterPercent ?? DEFAULTS.clusterPercent;
  const minRegular = Math.max(3, options.minRegularBids ?? DEFAULTS.minRegularBids);
  const names = organisationNames(bids);
  const flags: Keyed[] = [];

  // SAME_DOCUMENT
  const files = bids.flatMap((b) =>
    b.files.filter((f) => f.size >= MIN_DOCUMENT_BYTES && f.sha256.trim() !== '').map((f) => ({ ...f, sha256: f.sha256.trim().toLowerCase(), bidId: b.bidId, organisationId: b.organisationId })),
  );
  const byHash = [...groupBy(files, (f) => f.sha256)].filter(([, fs]) => distinctSorted(fs.map((f) => f.organisationId)).length >= 2);
  for (const [orgKey, hashes] of groupBy(byHash, ([, fs]) => distinctSorted(fs.map((f) => f.organisationId)).join('\u0000'))) {
    const organisationIds = orgKey.split('\u0000');
    const shared = hashes.map(([sha256, fs]) => ({
      sha256,
      size: fs[0].size,
      names: fs.map((f) => ({ organisationId: f.organisationId, bidId: f.bidId, name: f.name })).sort((a, b) => cmp(a.organisationId, b.organisationId) || cmp(a.bidId, b.bidId) || cmp(a.name, b.name)),
    }));
    const fileNames = distinctSorted(shared.flatMap((s) => s.names.map((n) => n.name)));
    flags.push({
      kind: 'SAME_DOCUMENT',
      severity: 'ALERT',
      organisationIds,
      explanation: `${nameList(organisationIds, names)}的投标文件中有 ${shared.length} 个文件完全相同（${truncate(fileNames.map((n) => `“${n}”`).join('、'), 120)}，SHA-256 ${shared.map((s) => shortHash(s.sha256)).join('、')}）。`,
      evidence: { files: shared },
      key: shared.map((s) => s.sha256).join(','),
    });
  }

  // prices, in fen
  const priced = bids
    .filter((b): b is OpenedFacts & { price: string } => b.price !== null)
    .map((b) => ({ bidId: b.bidId, organisationId: b.organisationId, fen: toFen(b.price) }))
    .sort((a, b) => cmpBig(a.fen, b.fen) || cmp(a.organisationId, b.organisationId) || cmp(a.bidId, b.bidId));
  const levels = [...groupBy(priced, (p) => p.fen.toString())]
    .map(([, ps]) => ({ fen: ps[0].fen, bids: ps, organisationIds: distinctSorted(ps.map((p) => p.organisationId)) }))
    .sort((a, b) => cmpBig(a.fen, b.fen)); // numeric order: groupBy's keys are sorted as strings

  // IDENTICAL_PRICES
  for (const level of levels) {
    if (level.organisationIds.length < 2) continue;
    const round = level.fen % ROUND_PRICE_FEN === 0n;
    flags.push({
      kind: 'IDENTICAL_PRICES',
      severity: round ? 'WARNING' : 'ALERT',
      organisationIds: level.organisationIds,
      explanation: `${nameList(level.organisationIds, names)}的投标报价完全相同，均为 ${yuanText(level.fen)}${round ? '（整万元报价，可能为巧合）' : ''}。`,
      evidence: { price: yuan(level.fen), bids: level.bids.map((p) => ({ bidId: p.bidId, organisationId: p.organisationId })) },
      key: level.fen.toString().padStart(20, '0'),
    });
  }

  // REGULAR_PRICE_STEPS
  const difference = (a: bigint, b: bigint) => (b - a).toString();
  const relative = (a: bigint, b: bigint) => (a <= 0n || b <= a ? null : significant4(b - a, a));
  const diffRuns = regularRuns(levels, difference, minRegular);
  const ratioRuns = regularRuns(levels, relative, minRegular).filter((r) => !diffRuns.some((d) => d.start <= r.start && r.end <= d.end));
  for (const [mode, runs] of [['DIFFERENCE', diffRuns], ['RATIO', ratioRuns]] as const) {
    for (const run of runs) {
      const inRun = levels.slice(run.start, run.end + 1);
      const organisationIds = distinctSorted(inRun.flatMap((l) => l.organisationIds));
      const step = mode === 'DIFFERENCE' ? yuan(inRun[1].fen - inRun[0].fen) : percentText(run.step);
      const priceList = inRun.map((l) => yuanText(l.fen)).join('、');
      flags.push({
        kind: 'REGULAR_PRICE_STEPS',
        severity: 'WARNING',
        organisationIds,
        explanation:
          mode === 'DIFFERENCE'
            ? `${nameList(organisationIds, names)}的投标报价呈等差排列（${priceList}），相邻报价均相差 ${yuanText(inRun[1].fen - inRun[0].fen)}。`
            : `${nameList(organisationIds, names)}的投标报价呈等比排列（${priceList}），相邻报价均递增约 ${step}。`,
        evidence: { mode, step, prices: inRun.map((l) => ({ price: yuan(l.fen), organisationIds: l.organisationIds })) },
        key: `${mode}|${inRun[0].fen.toString().padStart(20, '0')}`,
      });
    }
  }

  // PRICES_CLUSTERED
  const pricedOrgs = distinctSorted(priced.map((p) => p.organisationId));
  if (pricedOrgs.length >= 3 && levels.length >= 2) {
    const n = BigInt(priced.length);
    const sum = priced.reduce((s, p) => s + p.fen, 0n);
    // |p − sum/n| ≤ cp/100 × sum/n  ⇔  |p·n − sum| · 100 · 10^6 ≤ round(cp · 10^6) · sum
    const cpMicro = BigInt(Math.round(clusterPercent * 1_000_000));
    const maxDev = priced.reduce((m, p) => (abs(p.fen * n - sum) > m ? abs(p.fen * n - sum) : m), 0n);
    if (sum > 0n && maxDev * 100n * 1_000_000n <= cpMicro * sum) {
      const mean = divRound(sum, n);
      const maxDeviationPercent = sum === 0n ? '0' : decimalText(maxDev * 100n, sum, 3);
      flags.push({
        kind: 'PRICES_CLUSTERED',
        severity: 'WARNING',
        organisationIds: pricedOrgs,
        explanation: `${nameList(pricedOrgs, names)}的全部 ${priced.length} 个投标报价都在平均价 ${yuanText(mean)} 的 ±${clusterPercent}% 以内（最大偏离 ${maxDeviationPercent}%），报价异常接近。`,
        evidence: {
          mean: yuan(mean),
          maxDeviationPercent,
          clusterPercent,
          prices: priced.map((p) => ({ bidId: p.bidId, organisationId: p.organisationId, price: yuan(p.fen) })),
        },
        key: '',
      });
    }
  }

  return sortFlags(flags);
}

/* ------------------------------------------------------------------------------------------------
 * helpers
 * --------------------------------------------------------------------------------------------- */

type Keyed = IntegrityFlag & { key: string };

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const cmpBig = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
const abs = (x: bigint) => (x < 0n ? -x : x);
const distinctSorted = (xs: readonly string[]) => [...new Set(xs)].sort(cmp);

function sortFlags(flags: Keyed[]): IntegrityFlag[] {
  const orgs = (a: string[], b: string[]) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return cmp(a[i], b[i]);
    return a.length - b.length;
  };
  return flags
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || orgs(a.organisationIds, b.organisationIds) || cmp(a.key, b.key))
    .map(({ key: _key, ...flag }) => flag);
}

/** Groups in first-seen order of an input sorted by key; entries whose key is null are dropped. */
function groupBy<T>(items: readonly T[], keyOf: (t: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return new Map([...groups].sort(([a], [b]) => cmp(a, b)));
}

/** Name of each organisation (the name on its first bid by bid id). */
function organisationNames(bids: readonly { bidId: string; organisationId: string; organisationName: string }[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const b of [...bids].sort((x, y) => cmp(x.bidId, y.bidId))) if (!names.has(b.organisationId)) names.set(b.organisationId, b.organisationName.trim() || b.organisationId);
  return names;
}

const nameList = (organisationIds: readonly string[], names: Map<string, string>) => organisationIds.map((id) => names.get(id) ?? id).join('、');

/**
 * Keys (IPs, fingerprints) shared by ≥ 2 organisations, grouped by the set of organisations that
 * share them: one entry per organisation set, with all its keys and bids.
 */
function sharedKeys(bids: readonly SubmissionFacts[], keyOf: (b: SubmissionFacts) => string | null) {
  const shared = [...groupBy(bids, keyOf)].filter(([, bs]) => distinctSorted(bs.map((b) => b.organisationId)).length >= 2);
  return [...groupBy(shared, ([, bs]) => distinctSorted(bs.map((b) => b.organisationId)).join('\u0000'))].map(([orgKey, entries]) => ({
    organisationIds: orgKey.split('\u0000'),
    keys: entries.map(([key]) => key),
    bids: entries.flatMap(([, bs]) => bs).sort((a, b) => cmp(a.organisationId, b.organisationId) || cmp(a.bidId, b.bidId) || a.submittedAt.getTime() - b.submittedAt.getTime()),
  }));
}

/** Maximal chains (sorted by time, each within windowMs of the previous) that involve ≥ 2 organisations. */
function bursts(members: readonly SubmissionFacts[], at: (b: SubmissionFacts) => Date, windowMs: number): SubmissionFacts[][] {
  const sorted = [...members].sort((a, b) => at(a).getTime() - at(b).getTime() || cmp(a.organisationId, b.organisationId) || cmp(a.bidId, b.bidId));
  const chains: SubmissionFacts[][] = [];
  for (const b of sorted) {
    const last = chains[chains.length - 1];
    if (last && at(b).getTime() - at(last[last.length - 1]).getTime() <= windowMs) last.push(b);
    else chains.push([b]);
  }
  return chains.filter((c) => new Set(c.map((b) => b.organisationId)).size >= 2);
}

function spanOf(times: Date[]) {
  const ms = times.map((t) => t.getTime());
  const first = new Date(Math.min(...ms));
  const last = new Date(Math.max(...ms));
  return { first, last, seconds: Math.round((last.getTime() - first.getTime()) / 1000) };
}

/** Beijing time, HH:mm:ss. */
const cstTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 19);

const truncate = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const shortHash = (h: string) => (h.length > 16 ? `${h.slice(0, 16)}…` : h);

export function normaliseIp(ip: string | null): string | null {
  if (ip === null) return null;
  let s = ip.trim().toLowerCase();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  s = s.replace(/%.*$/, '');
  const mapped = /^(?:::|(?:0{1,4}:){5})ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (mapped) s = mapped[1];
  return s === '' ? null : s;
}

/** IPv4 /24 or IPv6 /64 of a normalised address; null when it does not parse. */
export function networkOf(ip: string | null): string | null {
  if (ip === null) return null;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255) ? `${Number(v4[1])}.${Number(v4[2])}.${Number(v4[3])}.0/24` : null;
  if (!/^[0-9a-f:]+$/.test(ip) || ip.split('::').length > 2) return null;
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, null];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === null ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  if (groups.length !== 8 || groups.some((g: string) => g.length < 1 || g.length > 4)) return null;
  return `${groups.slice(0, 4).map((g: string) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

const normaliseFingerprint = (f: string) => {
  const s = f.replace(/[\s:]/g, '').toLowerCase();
  return s === '' ? null : s;
};

const normaliseUserAgent = (ua: string | null) => {
  const s = ua?.trim() ?? '';
  return s === '' ? null : s;
};

/* money, in fen */

const PRICE = /^(\d+)(?:\.(\d{1,2}))?$/;

/** "1234567.89" → 123456789n. Throws RangeError for anything else than a plain non-negative decimal with ≤ 2 decimals. */
export function toFen(price: string): bigint {
  const m = PRICE.exec(price.trim());
  if (!m) throw new RangeError(`Not a price in yuan with at most two decimals: "${price}"`);
  return BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

/** 123456789n → "1234567.89" */
const yuan = (fen: bigint) => `${fen < 0n ? '-' : ''}${abs(fen) / 100n}.${(abs(fen) % 100n).toString().padStart(2, '0')}`;

/** 123456789n → "1,234,567.89 元" */
const yuanText = (fen: bigint) => {
  const [int, dec] = yuan(fen).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec} 元`;
};

/** round(a / b), half up, for positive b */
const divRound = (a: bigint, b: bigint) => (a * 2n + b) / (b * 2n);

/** a / b as a decimal string with `places` decimals (half up), a ≥ 0, b > 0 */
function decimalText(a: bigint, b: bigint, places: number): string {
  const scale = 10n ** BigInt(places);
  const v = divRound(a * scale, b);
  return places === 0 ? v.toString() : `${v / scale}.${(v % scale).toString().padStart(places, '0')}`;
}

/** a / b (both > 0) rounded half up to 4 significant digits, as "mantissa e exponent": 0.02 → "2000e-5". */
function significant4(a: bigint, b: bigint): string {
  if (a <= 0n || b <= 0n) throw new RangeError('significant4 needs positive operands');
  let e = 0;
  // find e with 1000 ≤ a·10^(−e) / b < 10000
  const scaled = (exp: number) => (exp <= 0 ? (a * 10n ** BigInt(-exp)) / b : a / (b * 10n ** BigInt(exp)));
  while (scaled(e) >= 10000n) e++;
  while (scaled(e) < 1000n) e--;
  let m = e <= 0 ? divRound(a * 10n ** BigInt(-e), b) : divRound(a, b * 10n ** BigInt(e));
  if (m === 10000n) {
    m = 1000n;
    e++;
  }
  return `${m}e${e}`;
}

/** "2000e-5" (a relative step) → "2.000%" */
function percentText(step: string): string {
  const [m, e] = step.split('e');
  const exp = Number(e) + 2; // to percent
  if (exp >= 0) return `${BigInt(m) * 10n ** BigInt(exp)}%`;
  const digits = m.padStart(-exp + 1, '0');
  return `${digits.slice(0, digits.length + exp)}.${digits.slice(digits.length + exp)}%`;
}

/**
 * Maximal runs of consecutive price levels with the same step (step(a, b) equal and non-null),
 * covering ≥ minCount levels and ≥ minCount organisations.
 */
function regularRuns(levels: readonly { fen: bigint; organisationIds: string[] }[], step: (a: bigint, b: bigint) => string | null, minCount: number) {
  const runs: { start: number; end: number; step: string }[] = [];
  let start = 0;
  while (start < levels.length - 1) {
    const s = step(levels[start].fen, levels[start + 1].fen);
    let end = start + 1;
    while (s !== null && end + 1 < levels.length && step(levels[end].fen, levels[end + 1].fen) === s) end++;
    const orgs = new Set(levels.slice(start, end + 1).flatMap((l) => l.organisationIds));
    if (s !== null && end - start + 1 >= minCount && orgs.size >= minCount) runs.push({ start, end, step: s });
    start = end > start + 1 ? end : start + 1;
  }
  return runs;
}
