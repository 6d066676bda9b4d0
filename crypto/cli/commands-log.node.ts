/** `draw`, `log-root`, `inclusion`, `consistency`, `receipt` of the verify CLI (node-only). */
import { fromHex, toHex } from '../bytes';
import { DrawInput, runDraw } from '../draw';
import { leafHash, treeRoot, verifyCheckpoint, verifyConsistency, verifyInclusion, verifyReceipt } from '../merkle';
import { ParsedArgs, UsageError, many, optional } from './args';
import { CommandOutcome } from './commands-package.node';
import { count, hexHash, hexHashes, readJson, readText, readVerifierKey } from './inputs.node';

function onlyPositional(args: ParsedArgs, usage: string): string {
  if (args.positionals.length !== 1) throw new UsageError(`usage: ${usage}`);
  return args.positionals[0];
}

export async function draw(args: ParsedArgs): Promise<CommandOutcome> {
  const json = readJson(onlyPositional(args, 'draw INPUT.json')) as Record<string, unknown>;
  const input = (json.input ?? json) as DrawInput; // either the vector file shape or a flat input
  const k = json.k as number;
  const reserves = (json.reserves ?? 0) as number;
  if (typeof input.projectId !== 'string' || !Array.isArray(input.pool) || !input.pool.every((x) => typeof x === 'string')
    || !Number.isInteger(input.beaconRound) || typeof input.beaconRandomnessHex !== 'string' || !Array.isArray(input.reveals)) {
    throw new Error('input needs projectId, pool, beaconRound, beaconRandomnessHex, reveals and k');
  }
  const round = json.supplementaryRound; // a supplementary round's published input says which round it is
  if (round !== undefined && !(Number.isInteger(round) && (round as number) >= 1)) throw new Error('supplementaryRound must be a positive integer');
  const r = await runDraw(input, k, reserves);
  return { ok: true, line: JSON.stringify({ ...(round !== undefined ? { supplementaryRound: round } : {}), poolHash: r.poolHash, seed: r.seed, draw: r.draw, reserves: r.reserves }) };
}

export async function logRoot(args: ParsedArgs): Promise<CommandOutcome> {
  const json = readJson(onlyPositional(args, 'log-root LEAVES.json [--size N] [--expect HEX]')) as unknown;
  const leavesHex = Array.isArray(json) ? json : (json as { leavesHex?: unknown }).leavesHex;
  if (!Array.isArray(leavesHex) || !leavesHex.every((l) => typeof l === 'string')) throw new Error('LEAVES.json must be an array of hex leaves or {"leavesHex": [...]}');
  const hashes = await Promise.all((leavesHex as string[]).map((l) => leafHash(fromHex(l))));
  const sizeText = optional(args, 'size');
  const size = sizeText === undefined ? hashes.length : Number(sizeText);
  if (!Number.isSafeInteger(size) || size < 0 || size > hashes.length) throw new UsageError(`--size must be between 0 and ${hashes.length}`);
  const root = toHex(await treeRoot(hashes, size));
  const expected = optional(args, 'expect');
  if (expected !== undefined && expected.toLowerCase() !== root) return { ok: false, line: `root mismatch: computed ${root} for size ${size}, expected ${expected}` };
  return { ok: true, line: JSON.stringify({ size, rootHash: root }) };
}

/** Tree size and root from a signed checkpoint (--checkpoint FILE --key PUB), or from the JSON. */
async function treeHead(args: ParsedArgs, json: Record<string, unknown>, sizeField: string, rootField: string): Promise<{ size: number; root: Uint8Array } | string> {
  const cpFile = optional(args, 'checkpoint');
  if (!cpFile) return { size: count(json[sizeField], sizeField), root: hexHash(json[rootField], rootField) };
  const keys = await Promise.all(many(args, 'key').map(readVerifierKey));
  if (keys.length === 0) throw new UsageError('--checkpoint needs --key PUB');
  const cp = await verifyCheckpoint(readText(cpFile), keys, optional(args, 'origin'));
  if (!cp.ok) return `checkpoint: ${cp.reason}`;
  return { size: cp.checkpoint.size, root: cp.checkpoint.rootHash };
}

export async function inclusion(args: ParsedArgs): Promise<CommandOutcome> {
  const json = readJson(onlyPositional(args, 'inclusion PROOF.json [--checkpoint FILE --key PUB]')) as Record<string, unknown>;
  const leaf = json.leafHash !== undefined ? hexHash(json.leafHash, 'leafHash')
    : typeof json.leafHex === 'string' ? await leafHash(fromHex(json.leafHex)) : null;
  if (!leaf) throw new Error('PROOF.json needs leafHash or leafHex');
  const head = await treeHead(args, json, 'treeSize', 'rootHash');
  if (typeof head === 'string') return { ok: false, line: head };
  const index = count(json.index, 'index');
  const ok = await verifyInclusion(leaf, index, head.size, hexHashes(json.path, 'path'), head.root);
  return ok
    ? { ok: true, line: `included: leaf ${toHex(leaf)} is at index ${index} of the tree of size ${head.size}` }
    : { ok: false, line: `inclusion proof does not verify for index ${index} in the tree of size ${head.size}` };
}

export async function consistency(args: ParsedArgs): Promise<CommandOutcome> {
  const json = readJson(onlyPositional(args, 'consistency PROOF.json [--old CP --new CP --key PUB]')) as Record<string, unknown>;
  let oldHead: { size: number; root: Uint8Array };
  let newHead: { size: number; root: Uint8Array };
  const oldCp = optional(args, 'old');
  const newCp = optional(args, 'new');
  if (oldCp || newCp) {
    if (!oldCp || !newCp) throw new UsageError('--old and --new go together');
    const keys = await Promise.all(many(args, 'key').map(readVerifierKey));
    if (keys.length === 0) throw new UsageError('checkpoints need --key PUB');
    const a = await verifyCheckpoint(readText(oldCp), keys);
    if (!a.ok) return { ok: false, line: `old checkpoint: ${a.reason}` };
    const b = await verifyCheckpoint(readText(newCp), keys, a.checkpoint.origin);
    if (!b.ok) return { ok: false, line: `new checkpoint: ${b.reason}` };
    oldHead = { size: a.checkpoint.size, root: a.checkpoint.rootHash };
    newHead = { size: b.checkpoint.size, root: b.checkpoint.rootHash };
  } else {
    oldHead = { size: count(json.oldSize, 'oldSize'), root: hexHash(json.oldRootHash, 'oldRootHash') };
    newHead = { size: count(json.newSize, 'newSize'), root: hexHash(json.newRootHash, 'newRootHash') };
  }
  const ok = await verifyConsistency(oldHead.size, newHead.size, oldHead.root, newHead.root, hexHashes(json.path ?? [], 'path'));
  return ok
    ? { ok: true, line: `consistent: the tree of size ${newHead.size} extends the tree of size ${oldHead.size}` }
    : { ok: false, line: `not consistent: the tree of size ${newHead.size} does not extend the tree of size ${oldHead.size} with this proof (forked or wrong proof)` };
}

export async function receipt(args: ParsedArgs): Promise<CommandOutcome> {
  const json = readJson(onlyPositional(args, 'receipt RECEIPT.json --checkpoint FILE --key PUB [--consistency PROOF.json] [--manifest-sha256 HEX]'));
  const keys = await Promise.all(many(args, 'key').map(readVerifierKey));
  if (keys.length === 0) throw new UsageError('--key PUB is required');
  const cpFile = optional(args, 'checkpoint');
  const proofFile = optional(args, 'consistency');
  const proof = proofFile ? (readJson(proofFile) as { path?: unknown }).path ?? readJson(proofFile) : undefined;
  if (proof !== undefined && (!Array.isArray(proof) || !proof.every((p) => typeof p === 'string'))) throw new Error('consistency proof must be a list of hex hashes');
  const r = await verifyReceipt(json, {
    keys, origin: optional(args, 'origin'), laterCheckpoint: cpFile ? readText(cpFile) : undefined,
    consistencyProof: proof as string[] | undefined, manifestSha256: optional(args, 'manifest-sha256'),
  });
  if (!r.ok) return { ok: false, line: r.reason };
  return { ok: true, line: `receipt valid: manifest ${r.receipt.entry.manifestSha256} logged at index ${r.receipt.logIndex} (server time ${r.receipt.entry.serverTime}), tree size ${r.checkpoint.size}` };
}
