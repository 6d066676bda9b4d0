/**
 * The published opening record as one file anyone can check offline with
 * `npm run -s verify -- record BUNDLE.json --key <ledger verifier key>`: the record's bytes, both
 * e-seals over them, and the ledger entry that fixed its hash with an inclusion proof to a signed checkpoint.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PlatformPkiService } from '../identity/platform-pki.service';
import { LedgerEntry } from '../ledger/ledger.entity';
import type { LedgerService } from '../ledger/ledger.service';
import { OpeningSession, RecordSeal, SessionStatus } from './opening.entity';
import { OPENING_RECORD_BUNDLE_VERSION } from '../../../../crypto/opening-record';

export async function recordBundle(em: EntityManager, ledger: LedgerService, pki: PlatformPkiService, sealAuthorityPem: () => Promise<string>, projectId: string): Promise<string | null> {
  const session = await em.findOne(OpeningSession, { project: projectId });
  if (!session || session.status !== SessionStatus.PUBLISHED) return null;
  const seals = await em.find(RecordSeal, { session }, { orderBy: { role: 'asc' } });
  const index = session.recordLedgerIndex!;
  const entry = await em.findOneOrFail(LedgerEntry, { index });
  const checkpoint = await ledger.checkpoint(em);
  const proof = await ledger.inclusionProof(em, index, checkpoint.size);
  return JSON.stringify({
    v: OPENING_RECORD_BUNDLE_VERSION,
    record: session.recordJson,
    recordSha256: session.recordSha256,
    seals: seals.map((s) => ({ role: s.role, signerName: s.signerName, envelope: s.envelope.toString('base64') })),
    ledger: { entry: { index, data: entry.data }, proof: { index, treeSize: checkpoint.size, ...proof }, checkpoint: checkpoint.note },
    trustAnchorPems: await pki.trustAnchorPems(em),
    sealAuthorityPems: [await sealAuthorityPem()], // only seals issued by the platform's seal authority count
  }, null, 2);
}
