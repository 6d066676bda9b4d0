/**
 * Checking a submission receipt in the browser with crypto/merkle (the same code as the offline
 * `verify receipt` CLI): the receipt's Ed25519 signature and its checkpoint's, the inclusion proof of
 * the submission entry, and — when the log has grown since — consistency with the latest checkpoint.
 * The verifier key comes from the platform here; an independent check uses the CLI with a key
 * obtained out of band.
 */
import type { Client } from '@urql/core';
import { parseVerifierKey, verifyReceipt } from '../../../crypto/merkle';
import { LEDGER_CHECKPOINT, LEDGER_CONSISTENCY } from '../graphql/bids';

export type LocalReceiptCheck = { ok: true; treeSize: number; latestSize: number } | { ok: false; reason: string };

/** Parses the receipt the server returned; null when it is not JSON. */
function parseReceipt(text: string | null | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export async function checkReceiptLocally(client: Client, receiptText: string, manifestSha256: string): Promise<LocalReceiptCheck> {
  const receipt = parseReceipt(receiptText);
  if (!receipt) return { ok: false, reason: 'the receipt is not JSON' };
  const latest = await client
    .query<{ ledgerCheckpoint: { note: string; size: number; verifierKey: string } }>(LEDGER_CHECKPOINT, {}, { requestPolicy: 'network-only' })
    .toPromise();
  if (!latest.data) return { ok: false, reason: latest.error?.message ?? 'no checkpoint' };
  const { note, verifierKey } = latest.data.ledgerCheckpoint;
  let keys;
  try {
    keys = [await parseVerifierKey(verifierKey)];
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  const own = await verifyReceipt(receipt, { keys, manifestSha256 });
  if (!own.ok) return own;
  const receiptSize = own.checkpoint.size;
  const latestSize = latest.data.ledgerCheckpoint.size;
  if (latestSize === receiptSize) return { ok: true, treeSize: receiptSize, latestSize };
  let consistencyProof: string[] = [];
  if (latestSize > receiptSize) {
    const proof = await client
      .query<{ ledgerConsistencyProof: { path: string[] } }>(LEDGER_CONSISTENCY, { oldSize: receiptSize, newSize: latestSize }, { requestPolicy: 'network-only' })
      .toPromise();
    if (!proof.data) return { ok: false, reason: proof.error?.message ?? 'no consistency proof' };
    consistencyProof = proof.data.ledgerConsistencyProof.path;
  }
  const withLatest = await verifyReceipt(receipt, { keys, manifestSha256, laterCheckpoint: note, consistencyProof });
  return withLatest.ok ? { ok: true, treeSize: receiptSize, latestSize } : withLatest;
}
