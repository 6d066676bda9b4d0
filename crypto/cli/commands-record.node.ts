/**
 * `record` of the verify CLI (node-only): a published opening-record bundle
 *   {"v":"tenderhall-opening-record/1", "record": "<canonical JSON, the bytes hashed and sealed>",
 *    "recordSha256", "seals":[{"role":"HOST"|"SUPERVISOR","envelope":"<base64 *.eseal.json>"}],
 *    "ledger":{"entry":{"index","data"},"proof":{"index","leafHash","path","rootHash","treeSize"},"checkpoint"},
 *    "trustAnchorPems":[...], "sealAuthorityPems"?:[...]}
 * Checks, in order: the record's hash; the checkpoint (--key) and that it is the proof's tree head;
 * the ledger entry (RFC 9162 leaf hash, inclusion, kind opening.record, recordSha256); then every
 * seal over the record bytes at the ledger time of the entry (the trusted time), and at least one
 * HOST and one SUPERVISOR seal by different certificates.
 * Trust anchors: --ca files, else the bundle's own (said in the output). Seal authorities:
 * --seal-authority files, else the bundle's sealAuthorityPems, else the authority that signed each
 * seal record (not pinned; said in the output).
 */
import { bytesEqual, fromBase64, toHex, utf8 } from '../bytes';
import { SealVerification, decodeSealEnvelope, openSealRecord, verifySealedSignature } from '../eseal';
import { sha256 } from '../hash';
import { leafHash, verifyCheckpoint, verifyInclusion } from '../merkle';
import { derToPem, pemBlocks } from '../pem';
import { ParsedArgs, UsageError, many, optional } from './args';
import { CommandOutcome } from './commands-package.node';
import { count, hexHash, hexHashes, readJson, readText, readVerifierKey } from './inputs.node';
import { OPENING_RECORD_BUNDLE_VERSION, OPENING_RECORD_LEDGER_KIND } from '../opening-record';

export { OPENING_RECORD_BUNDLE_VERSION, OPENING_RECORD_LEDGER_KIND };
const ROLES = ['HOST', 'SUPERVISOR'] as const;
type Role = (typeof ROLES)[number];

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${what} must be a JSON object`);
  return value as Json;
}

function string(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new Error(`${what} must be a non-empty string`);
  return value;
}

function strings(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`${what} must be an array of strings`);
  return value as string[];
}

/** Certificates from PEM text (one or more CERTIFICATE blocks), one PEM each. */
function certificatePems(text: string, what: string): string[] {
  const blocks = pemBlocks(text, 'CERTIFICATE');
  if (blocks.length === 0) throw new Error(`${what}: no CERTIFICATE in it`);
  return blocks.map((der) => derToPem(der, 'CERTIFICATE'));
}

function fromFilesOrBundle(files: string[], bundleValue: unknown, what: string, flag: string): { pems: string[]; source: string } | undefined {
  if (files.length > 0) return { pems: files.flatMap((f) => certificatePems(readText(f), f)), source: `${flag} (${files.length} file${files.length === 1 ? '' : 's'})` };
  if (bundleValue === undefined) return undefined;
  const pems = strings(bundleValue, what).flatMap((p, i) => certificatePems(p, `${what}[${i}]`));
  return { pems, source: `bundle ${what} (${pems.length})` };
}

export async function record(args: ParsedArgs): Promise<CommandOutcome> {
  if (args.positionals.length !== 1) throw new UsageError('usage: record BUNDLE.json --key PUB [--ca CA.pem ...] [--seal-authority CERT.pem ...] [--origin ORIGIN]');
  const keys = await Promise.all(many(args, 'key').map(readVerifierKey));
  if (keys.length === 0) throw new UsageError('--key PUB is required (the ledger verifier key)');
  const bundle = object(readJson(args.positionals[0]), 'the bundle');
  if (bundle.v !== OPENING_RECORD_BUNDLE_VERSION) throw new Error(`the bundle's v must be "${OPENING_RECORD_BUNDLE_VERSION}"`);
  const recordText = string(bundle.record, 'record');
  const recordSha256 = toHex(hexHash(bundle.recordSha256, 'recordSha256'));
  if (!Array.isArray(bundle.seals)) throw new Error('seals must be an array');
  const seals = bundle.seals.map((s, i) => {
    const o = object(s, `seals[${i}]`);
    return { role: string(o.role, `seals[${i}].role`), envelope: string(o.envelope, `seals[${i}].envelope`) };
  });
  const ledger = object(bundle.ledger, 'ledger');
  const entry = object(ledger.entry, 'ledger.entry');
  const proof = object(ledger.proof, 'ledger.proof');
  const checkpointNote = string(ledger.checkpoint, 'ledger.checkpoint');

  // 1. the record is the one named
  const recordBytes = utf8(recordText);
  const computed = toHex(await sha256(recordBytes));
  if (computed !== recordSha256) return { ok: false, line: `record: its SHA-256 is ${computed}, the bundle names ${recordSha256}` };

  // 2. the ledger: checkpoint → tree head → inclusion of the entry → the entry names the record
  const cp = await verifyCheckpoint(checkpointNote, keys, optional(args, 'origin'));
  if (!cp.ok) return { ok: false, line: `checkpoint: ${cp.reason}` };
  const treeSize = count(proof.treeSize, 'ledger.proof.treeSize');
  const rootHash = hexHash(proof.rootHash, 'ledger.proof.rootHash');
  if (cp.checkpoint.size !== treeSize || !bytesEqual(cp.checkpoint.rootHash, rootHash)) {
    return { ok: false, line: `ledger: the checkpoint (size ${cp.checkpoint.size}, root ${toHex(cp.checkpoint.rootHash)}) is not the proof's tree head (size ${treeSize}, root ${toHex(rootHash)})` };
  }
  const index = count(proof.index, 'ledger.proof.index');
  if (count(entry.index, 'ledger.entry.index') !== index) return { ok: false, line: `ledger: the entry's index ${String(entry.index)} is not the proof's index ${index}` };
  const entryData = string(entry.data, 'ledger.entry.data');
  const leaf = await leafHash(utf8(entryData));
  if (!bytesEqual(leaf, hexHash(proof.leafHash, 'ledger.proof.leafHash'))) return { ok: false, line: `ledger: the entry's leaf hash is ${toHex(leaf)}, the proof names ${String(proof.leafHash)}` };
  if (!(await verifyInclusion(leaf, index, treeSize, hexHashes(proof.path, 'ledger.proof.path'), rootHash))) {
    return { ok: false, line: `ledger: the inclusion proof does not verify for index ${index} in the tree of size ${treeSize}` };
  }
  let logged: Json;
  try {
    logged = object(JSON.parse(entryData), 'ledger.entry.data');
  } catch (e) {
    return { ok: false, line: `ledger: the entry data is not a JSON object (${(e as Error).message})` };
  }
  if (logged.kind !== OPENING_RECORD_LEDGER_KIND) return { ok: false, line: `ledger: the entry is of kind ${JSON.stringify(logged.kind)}, not ${OPENING_RECORD_LEDGER_KIND}` };
  if (logged.recordSha256 !== recordSha256) return { ok: false, line: `ledger: the entry logs recordSha256 ${JSON.stringify(logged.recordSha256)}, not ${recordSha256}` };
  const loggedAt = new Date(typeof logged.at === 'string' ? logged.at : NaN);
  if (Number.isNaN(loggedAt.getTime())) return { ok: false, line: 'ledger: the entry has no valid time (at)' };

  // 3. the seals, over the record bytes, at the ledger time
  const anchors = fromFilesOrBundle(many(args, 'ca'), bundle.trustAnchorPems, 'trustAnchorPems', '--ca');
  if (!anchors || anchors.pems.length === 0) throw new Error('no trust anchors: give --ca CA.pem or include trustAnchorPems in the bundle');
  const pinned = fromFilesOrBundle(many(args, 'seal-authority'), bundle.sealAuthorityPems, 'sealAuthorityPems', '--seal-authority');
  if (seals.length === 0) return { ok: false, line: 'seals: the bundle has no seal' };
  const verified: { role: Role; v: Extract<SealVerification, { ok: true }> }[] = [];
  for (const [i, seal] of seals.entries()) {
    const what = `seal ${i} (${seal.role})`;
    if (!(ROLES as readonly string[]).includes(seal.role)) return { ok: false, line: `${what}: the role must be HOST or SUPERVISOR` };
    let envelope: Uint8Array;
    let authorities: (string | Uint8Array)[];
    try {
      envelope = fromBase64(seal.envelope);
      authorities = pinned ? pinned.pems : [(await openSealRecord(decodeSealEnvelope(envelope).sealRecord)).authorityCertificate];
    } catch (e) {
      return { ok: false, line: `${what}: MALFORMED: ${(e as Error).message}` };
    }
    const v = await verifySealedSignature(recordBytes, envelope, { trustAnchors: anchors.pems, sealAuthorities: authorities, at: loggedAt });
    if (!v.ok) return { ok: false, line: `${what}: ${v.code}: ${v.message}` };
    verified.push({ role: seal.role as Role, v });
  }
  for (const role of ROLES) {
    if (!verified.some((s) => s.role === role)) return { ok: false, line: `seals: no ${role} seal (the record needs at least one HOST and one SUPERVISOR seal)` };
  }
  const hostCerts = new Set(verified.filter((s) => s.role === 'HOST').map((s) => s.v.statement.signerCertificateSha256));
  const both = verified.find((s) => s.role === 'SUPERVISOR' && hostCerts.has(s.v.statement.signerCertificateSha256));
  if (both) return { ok: false, line: `seals: certificate ${both.v.statement.signerCertificateSha256} seals as HOST and as SUPERVISOR` };

  return {
    ok: true,
    line: JSON.stringify({
      valid: 'opening-record',
      recordSha256,
      ledger: { origin: cp.checkpoint.origin, index, treeSize, loggedAt: loggedAt.toISOString() },
      trustAnchors: anchors.source,
      sealAuthorities: pinned ? pinned.source : 'the signer of each seal record (not pinned: give --seal-authority to pin)',
      seals: verified.map(({ role, v }) => ({
        role,
        signer: v.signer.commonName,
        signerCertificateSha256: v.statement.signerCertificateSha256,
        organisation: v.seal.organisationName,
        sealId: v.seal.sealId,
        sealName: v.seal.name,
        sealAuthority: v.sealAuthority.commonName,
        signingTime: v.signingTime.toISOString(),
      })),
    }),
  };
}
