import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, utf8 } from '../../crypto/bytes';
import { importOaepPrivateKey } from '../../crypto/cms';
import { derToPem } from '../../crypto/pem';
import { openPackage, sealBid } from '../../crypto/sbp';
import { rsaSha256Signer } from '../../crypto/cms';
import {
  KeyCeremonyRecord, WrappedShare, generateOpeningKeyPair, rebuildOpeningKey, splitOpeningKey, unwrapShare,
} from '../../crypto/threshold';
import { Fixtures, makeFixtures, openssl, removeFixtures } from './openssl-fixtures';

let fx: Fixtures;
let openingCertPem: string;
let record: KeyCeremonyRecord;
let wrapped: WrappedShare[];
let pkcs8Copy: Uint8Array;

beforeAll(async () => {
  fx = makeFixtures();
  const pair = await generateOpeningKeyPair();
  pkcs8Copy = pair.pkcs8.slice();
  const keyFile = path.join(fx.dir, 'opening-key.pem');
  fs.writeFileSync(keyFile, derToPem(pair.pkcs8, 'PRIVATE KEY'));
  openingCertPem = openssl(['req', '-x509', '-new', '-key', keyFile, '-subj', '/CN=T-2026-0001 opening', '-days', '30']).toString();
  fs.rmSync(keyFile);
  const custodians = [
    { id: 'supervisor', certificate: fx.recipientA.certPem },
    { id: 'tenderee', certificate: fx.recipientB.certPem },
    { id: 'platform', certificate: fx.recipientC.certPem },
  ];
  ({ record, shares: wrapped } = await splitOpeningKey(pair.pkcs8, 2, custodians, openingCertPem));
  expect(pair.pkcs8.every((b) => b === 0)).toBe(true); // zeroised after splitting
});
afterAll(() => removeFixtures(fx));

const custodianKey = { supervisor: () => fx.recipientA, tenderee: () => fx.recipientB, platform: () => fx.recipientC } as const;
async function share(id: keyof typeof custodianKey): Promise<{ custodianId: string; share: Uint8Array }> {
  const w = wrapped.find((s) => s.custodianId === id)!;
  return { custodianId: id, share: await unwrapShare(w.wrapped, await importOaepPrivateKey(custodianKey[id]().keyPem), custodianKey[id]().certPem) };
}

test('the ceremony record lists k and one share hash per custodian, and holds nothing secret', () => {
  expect(record.threshold).toBe(2);
  expect(record.shares.map((s) => s.custodianId)).toEqual(['supervisor', 'tenderee', 'platform']);
  const json = JSON.stringify(record);
  expect(json).not.toContain(Buffer.from(pkcs8Copy.subarray(40, 60)).toString('hex'));
});

test('each share opens only with its custodian’s key', async () => {
  const w = wrapped.find((s) => s.custodianId === 'supervisor')!;
  await expect(unwrapShare(w.wrapped, await importOaepPrivateKey(fx.recipientB.keyPem))).rejects.toThrow();
});

test('any k shares rebuild a key that opens a bid sealed to the opening certificate', async () => {
  const pkg = await sealBid({
    projectId: 'T-2026-0001', lotId: 'LOT-1', bidderId: 'ORG-42', content: utf8('price 100'),
    recipients: [fx.recipientA.certPem, openingCertPem], signerCertificate: fx.signer.certPem, sign: await rsaSha256Signer(fx.signer.keyPem),
  });
  for (const pair of [['supervisor', 'tenderee'], ['tenderee', 'platform'], ['platform', 'supervisor']] as const) {
    const r = await rebuildOpeningKey([await share(pair[0]), await share(pair[1])], record, openingCertPem);
    if (!r.ok) throw new Error(r.message);
    expect(r.privateKey.extractable).toBe(false);
    const opened = await openPackage(pkg, { keys: [{ privateKey: r.privateKey, certificate: openingCertPem }] });
    expect(opened.ok && Buffer.from(opened.content).toString()).toBe('price 100');
    const withSpki = await openPackage(pkg, { keys: [{ privateKey: r.privateKey, certificate: openingCertPem, spki: r.spki }] });
    expect(withSpki.ok && Buffer.from(withSpki.content).toString()).toBe('price 100');
  }
});

test('a rebuilt (non-extractable) key given with another recipient’s certificate is the platform’s fault, not WRONG_KEY', async () => {
  const pkg = await sealBid({
    projectId: 'T-2026-0001', lotId: 'LOT-1', bidderId: 'ORG-42', content: utf8('price 100'),
    recipients: [fx.recipientA.certPem, openingCertPem], signerCertificate: fx.signer.certPem, sign: await rsaSha256Signer(fx.signer.keyPem),
  });
  const r = await rebuildOpeningKey([await share('supervisor'), await share('tenderee')], record, openingCertPem);
  if (!r.ok) throw new Error(r.message);
  const opened = await openPackage(pkg, { keys: [{ privateKey: r.privateKey, certificate: fx.recipientA.certPem, spki: r.spki }] });
  expect(opened).toMatchObject({ ok: false, code: 'KEY_CERTIFICATE_MISMATCH', bidderCaused: false });
});

test('fewer than k shares rebuild nothing', async () => {
  const r = await rebuildOpeningKey([await share('tenderee')], record, openingCertPem);
  expect(r).toMatchObject({ ok: false, code: 'NOT_ENOUGH_SHARES' });
});

test('forged, foreign and duplicate shares are detected and not used', async () => {
  const good = await share('supervisor');
  const forged = { custodianId: 'tenderee', share: randomBytes(good.share.length) };
  const foreign = { custodianId: 'mallory', share: (await share('platform')).share };
  const tampered = await share('platform');
  tampered.share[5] ^= 1;
  const dup = await share('supervisor');
  const r = await rebuildOpeningKey([good, forged, foreign, tampered, dup], record, openingCertPem);
  expect(r).toMatchObject({ ok: false, code: 'NOT_ENOUGH_SHARES' });
  expect(r.rejected.map((x) => `${x.custodianId}: ${x.reason}`)).toEqual([
    'tenderee: share does not match its published hash',
    'mallory: not a custodian of this key',
    'platform: share does not match its published hash',
    'supervisor: duplicate share',
  ]);
  // the shares handed in were zeroised
  expect(good.share.every((b) => b === 0)).toBe(true);
});

test('the key must match the opening certificate: another certificate is refused', async () => {
  const r = await rebuildOpeningKey([await share('supervisor'), await share('tenderee')], record, fx.recipientB.certPem);
  expect(r).toMatchObject({ ok: false, code: 'KEY_MISMATCH' });
});

test('a ceremony record whose hashes were swapped for those of another key split is caught by the public-key check', async () => {
  const other = await generateOpeningKeyPair();
  const keyFile = path.join(fx.dir, 'other.pem');
  fs.writeFileSync(keyFile, derToPem(other.pkcs8, 'PRIVATE KEY'));
  const otherCert = openssl(['req', '-x509', '-new', '-key', keyFile, '-subj', '/CN=other', '-days', '1']).toString();
  const split = await splitOpeningKey(other.pkcs8, 2, [{ id: 'supervisor', certificate: fx.recipientA.certPem }, { id: 'tenderee', certificate: fx.recipientB.certPem }], otherCert);
  const otherShares = await Promise.all(split.shares.map(async (w, i) => ({
    custodianId: w.custodianId,
    share: await unwrapShare(w.wrapped, await importOaepPrivateKey([fx.recipientA, fx.recipientB][i].keyPem)),
  })));
  // record of the other split but our opening certificate: refused before combining
  const r = await rebuildOpeningKey(otherShares, { ...split.record, openingCertificateSha256: record.openingCertificateSha256 }, openingCertPem);
  expect(r).toMatchObject({ ok: false, code: 'KEY_MISMATCH', message: 'the rebuilt key does not match the opening certificate' });
});
