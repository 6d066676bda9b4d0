/**
 * The transparency ledger (DESIGN §5): every entry is canonical JSON appended in the caller's
 * transaction; the Merkle head is kept incrementally (O(log n) per append, under the head's row lock);
 * checkpoints are signed with the platform's Ed25519 log key (C2SP checkpoint note).
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { toHex } from '../../../../crypto/bytes';
import { canonicalJson } from '../../../../crypto/canonical-json';
import { generateEd25519 } from '../../../../crypto/ed25519';
import {
  appendLeafHash,
  consistencyProof,
  encodeSignerKey,
  encodeVerifierKey,
  frontierFromJson,
  frontierRoot,
  frontierToJson,
  inclusionProof,
  issueReceipt,
  leafHash,
  nextLeafInclusionProof,
  parseSignerKey,
  signCheckpoint,
  treeRoot,
  type NoteSignerKey,
  type Receipt,
} from '../../../../crypto/merkle';
import type { Clock } from '../../clock';
import { PlatformSecret } from '../identity/platform-secret.entity';
import { Project } from '../projects/project.entity';
import { LedgerCheckpointRecord, LedgerEntry, LedgerHead } from './ledger.entity';

const SIGNER_KEY = 'ledger.signer-key';
const VERIFIER_KEY = 'ledger.verifier-key';

export interface AppendedEntry {
  index: number;
  data: string;
  /** its audit path in the tree that ends with it (size index + 1), known in O(log n) at append time */
  inclusionProof: Uint8Array[];
}

export interface SignedCheckpoint {
  size: number;
  rootHash: string;
  note: string;
}

export class LedgerService {
  private signer?: { key: NoteSignerKey; verifierKey: string };

  constructor(
    private readonly clock: Clock,
    readonly origin: string,
  ) {}

  /** Create the log key on first start (inside the bootstrap lock). */
  async bootstrap(em: EntityManager): Promise<void> {
    if (await em.findOne(PlatformSecret, { name: SIGNER_KEY })) return;
    const pair = await generateEd25519();
    em.create(PlatformSecret, { name: SIGNER_KEY, value: await encodeSignerKey(this.origin, pair.publicKey, pair.seed) });
    em.create(PlatformSecret, { name: VERIFIER_KEY, value: await encodeVerifierKey(this.origin, pair.publicKey) });
  }

  /** Append an entry in the caller's transaction: the entry and the state change commit together. */
  async append(em: EntityManager, kind: string, payload: Record<string, unknown>, project?: Project | null): Promise<AppendedEntry> {
    const head = await em.findOneOrFail(LedgerHead, { id: 1 }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const at = await this.clock.now(em);
    const data = canonicalJson({ kind, at: at.toISOString(), ...(project ? { projectId: project.id } : {}), ...payload });
    const leaf = await leafHash(new TextEncoder().encode(data));
    const before = frontierFromJson(head.frontier);
    const frontier = await appendLeafHash(before, leaf);
    em.create(LedgerEntry, { index: head.size, kind, project: project ?? null, data, leafHash: Buffer.from(leaf) });
    Object.assign(head, { size: frontier.size, frontier: frontierToJson(frontier), rootHash: Buffer.from(await frontierRoot(frontier)) });
    await em.flush();
    return { index: frontier.size - 1, data, inclusionProof: nextLeafInclusionProof(before) };
  }

  /**
   * Append an entry and issue its receipt (Art. 28), holding the head's row lock as briefly as the
   * transaction allows: the head and the time come in one query; the entry, the new head, the signed
   * checkpoint and the caller's row for the receipt (`alongside`, an INSERT … RETURNING) go in one
   * statement; hashing and signing in between are synchronous. Only the commit follows, as the lock
   * lasts until then: do every other write of the transaction before.
   */
  async appendWithReceipt(
    em: EntityManager, kind: string, payload: Record<string, unknown>, project: Project,
    alongside: (entry: AppendedEntry, receipt: Receipt) => { sql: string; params: unknown[] },
  ): Promise<{ entry: AppendedEntry; receipt: Receipt; row: Record<string, unknown> }> {
    const { key } = await this.signerKey(em);
    const [head] = await em.execute<{ frontier: { size: number; subtreeRootsHex: string[] }; now: Date }[]>(
      'select frontier, platform_now() as now from ledger_head where id = 1 for update',
    );
    const data = canonicalJson({ kind, at: new Date(head.now).toISOString(), projectId: project.id, ...payload });
    const leaf = await leafHash(new TextEncoder().encode(data));
    const before = frontierFromJson(head.frontier);
    const frontier = await appendLeafHash(before, leaf);
    const rootHash = Buffer.from(await frontierRoot(frontier));
    const note = await signCheckpoint({ origin: this.origin, size: frontier.size, rootHash, extensions: [] }, [key]);
    const entry: AppendedEntry = { index: before.size, data, inclusionProof: nextLeafInclusionProof(before) };
    const receipt = await issueReceipt({ entry: JSON.parse(data), logIndex: entry.index, inclusionProof: entry.inclusionProof, checkpoint: note }, key);
    const row = alongside(entry, receipt);
    const [written] = await em.execute<Record<string, unknown>[]>(
      `with entry as (insert into ledger_entry (idx, kind, project_id, data, leaf_hash) values (?, ?, ?, ?, ?)),
            checkpoint as (insert into ledger_checkpoint (size, root_hash, note) values (?, ?, ?) on conflict (size) do nothing),
            head as (update ledger_head set size = ?, frontier = ?::jsonb, root_hash = ? where id = 1)
       ${row.sql}`,
      [entry.index, kind, project.id, data, Buffer.from(leaf), frontier.size, rootHash, note, frontier.size, JSON.stringify(frontierToJson(frontier)), rootHash, ...row.params],
    );
    return { entry, receipt, row: written };
  }

  /** The checkpoint of the current head, signed once per tree size. */
  async checkpoint(em: EntityManager): Promise<SignedCheckpoint> {
    const head = await em.findOneOrFail(LedgerHead, { id: 1 }, { refresh: true });
    const existing = await em.findOne(LedgerCheckpointRecord, { size: head.size });
    if (existing) return { size: existing.size, rootHash: existing.rootHash.toString('hex'), note: existing.note };
    return this.sign(em, head);
  }

  /** The verifier key (C2SP vkey) to check checkpoints and receipts with. */
  async verifierKey(em: EntityManager): Promise<string> {
    return (await this.signerKey(em)).verifierKey;
  }

  async inclusionProof(em: EntityManager, index: number, treeSize: number): Promise<{ leafHash: string; path: string[]; rootHash: string }> {
    if (index < 0 || index >= treeSize) throw new RangeError(`index must be below the tree size ${treeSize}`);
    const leaves = await this.leafHashes(em, treeSize);
    return { leafHash: toHex(leaves[index]), path: (await inclusionProof(leaves, index, treeSize)).map(toHex), rootHash: toHex(await treeRoot(leaves, treeSize)) };
  }

  async consistencyProof(em: EntityManager, oldSize: number, newSize: number): Promise<{ path: string[]; oldRootHash: string; newRootHash: string }> {
    if (oldSize < 1 || oldSize > newSize) throw new RangeError('need 1 ≤ oldSize ≤ newSize');
    const leaves = await this.leafHashes(em, newSize);
    return { path: (await consistencyProof(leaves, oldSize, newSize)).map(toHex), oldRootHash: toHex(await treeRoot(leaves, oldSize)), newRootHash: toHex(await treeRoot(leaves, newSize)) };
  }

  async size(em: EntityManager): Promise<number> {
    return (await em.findOneOrFail(LedgerHead, { id: 1 }, { refresh: true })).size;
  }

  /** Sign the checkpoint of `head` and record it (first signature of a size wins). */
  private async sign(em: EntityManager, head: LedgerHead): Promise<SignedCheckpoint> {
    const { key } = await this.signerKey(em);
    const note = await signCheckpoint({ origin: this.origin, size: head.size, rootHash: new Uint8Array(head.rootHash), extensions: [] }, [key]);
    await em.execute('insert into ledger_checkpoint (size, root_hash, note) values (?, ?, ?) on conflict (size) do nothing', [head.size, head.rootHash, note]);
    return { size: head.size, rootHash: head.rootHash.toString('hex'), note };
  }

  private async leafHashes(em: EntityManager, treeSize: number): Promise<Uint8Array[]> {
    const size = await this.size(em);
    if (!Number.isSafeInteger(treeSize) || treeSize < 1 || treeSize > size) throw new RangeError(`tree size must be between 1 and ${size}`);
    const rows = await em.execute<{ leaf_hash: Buffer }[]>('select leaf_hash from ledger_entry where idx < ? order by idx', [treeSize]);
    return rows.map((r) => new Uint8Array(r.leaf_hash));
  }

  private async signerKey(em: EntityManager): Promise<{ key: NoteSignerKey; verifierKey: string }> {
    if (!this.signer) {
      const [signer, verifier] = await Promise.all([SIGNER_KEY, VERIFIER_KEY].map((name) => em.findOneOrFail(PlatformSecret, { name })));
      this.signer = { key: parseSignerKey(signer.value), verifierKey: verifier.value };
    }
    return this.signer;
  }
}
