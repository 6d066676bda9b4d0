/**
 * verifySealedSignature: the happy path and one test per failure code, each made by changing the
 * one link it protects (real keys, real certificates from crypto/pki, WebCrypto signatures).
 */
import { fromBase64, fromUtf8, toHex, utf8 } from '../../crypto/bytes';
import { createSignedData, verifySignedData } from '../../crypto/cms';
import { SealStatement, decodeSealEnvelope, decodeSealStatement, encodeSealEnvelope, sealDocument, verifySealedSignature } from '../../crypto/eseal';
import { canonicalJsonBytes } from '../../crypto/canonical-json';
import { sha256 } from '../../crypto/hash';
import {
  ESealWorld, ORG, at, craftEnvelope, craftSealRecord, craftStatement, indexOfBytes, makeParty, makeWorld, withByte,
} from './eseal-fixtures';
import { applyRewrites, unsignedRewrites } from './signed-data-rewrites';

let w: ESealWorld;
let statement: SealStatement;
beforeAll(async () => {
  w = await makeWorld();
  const signed = await verifySignedData(decodeSealEnvelope(w.envelope).statement);
  if (!signed.ok) throw new Error('fixture statement does not verify');
  statement = decodeSealStatement(signed.content);
});

const verify = (envelope: Uint8Array, extra: Partial<ESealWorld['options']> = {}, document = w.document) =>
  verifySealedSignature(document, envelope, { ...w.options, ...extra });

async function codeOf(envelope: Uint8Array, extra: Partial<ESealWorld['options']> = {}, document = w.document): Promise<string> {
  const r = await verify(envelope, extra, document);
  return r.ok ? 'OK' : r.code;
}

/** An envelope with the world's seal record and a statement signed by `by` with the given changes. */
async function withStatement(changes: Partial<SealStatement>, by = w.signer, sealRecord = w.seal.signedRecord): Promise<Uint8Array> {
  const s = { ...statement, sealRecordSha256: toHex(await sha256(sealRecord)), ...changes };
  return craftEnvelope(await craftStatement(w, s, by), sealRecord);
}

describe('a sealed signature that verifies', () => {
  test('returns the seal record, its image, the signer and the signing time', async () => {
    const r = await verify(w.envelope);
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    expect(r.seal).toEqual(w.seal.record);
    expect(r.seal.organisationId).toBe(ORG.uscc);
    expect(r.image.mediaType).toBe('image/svg+xml');
    expect(fromUtf8(fromBase64(r.image.base64))).toBe(w.svg);
    expect(r.signer.fingerprintSha256).toBe(w.signer.fingerprint);
    expect(r.signer.organizationIdentifier).toBe(ORG.uscc);
    expect(r.sealAuthority.fingerprintSha256).toBe(w.authority.fingerprint);
    expect(r.signingTime.getTime()).toBe(Math.floor(w.signingTime.getTime() / 1000) * 1000);
    expect(r.statement).toMatchObject({
      v: 'eseal-sig/1', documentName: '开标记录表.txt', purpose: 'opening-record',
      documentSha256: toHex(await sha256(w.document)), sealRecordSha256: toHex(await sha256(w.seal.signedRecord)),
    });
  });

  test('the seal record lists the allowed certificates as sorted SHA-256 fingerprints', () => {
    expect(w.seal.record.allowedCertificates).toEqual([w.signer.fingerprint, w.otherOrgSigner.fingerprint].sort());
  });

  test('sealDocument refuses a signer the seal does not allow and a time outside the seal validity', async () => {
    const base = { document: w.document, sealRecord: w.seal.signedRecord, signingTime: w.signingTime };
    await expect(sealDocument({ ...base, signerCertificate: w.colleague.certPem, sign: w.colleague.sign })).rejects.toThrow(/may not use seal/);
    await expect(sealDocument({ ...base, signerCertificate: w.signer.certPem, sign: w.signer.sign, signingTime: at(200) })).rejects.toThrow(/not valid at/);
  });
});

describe('DOCUMENT_MISMATCH', () => {
  test('one flipped byte of the document', async () => {
    expect(await codeOf(w.envelope, {}, withByte(w.document, 7, w.document[7] ^ 0x01))).toBe('DOCUMENT_MISMATCH');
    expect(await codeOf(w.envelope, {}, w.document.subarray(0, w.document.length - 1))).toBe('DOCUMENT_MISMATCH');
  });
});

describe('SIGNATURE_INVALID', () => {
  test('one flipped byte of the signed statement (the hash inside it)', async () => {
    const env = decodeSealEnvelope(w.envelope);
    const i = indexOfBytes(env.statement, utf8(statement.documentSha256));
    expect(i).toBeGreaterThan(0);
    const hex = env.statement[i] === 0x61 ? 0x62 : 0x61; // stays a canonical statement, only the signature breaks
    const tampered = encodeSealEnvelope({ ...env, statement: withByte(env.statement, i, hex) });
    expect(await codeOf(tampered)).toBe('SIGNATURE_INVALID');
  });

  test('one flipped byte of the RSA signature', async () => {
    const env = decodeSealEnvelope(w.envelope);
    const last = env.statement.length - 1; // the signature OCTET STRING ends the SignedData
    expect(await codeOf(encodeSealEnvelope({ ...env, statement: withByte(env.statement, last, env.statement[last] ^ 0x80) }))).toBe('SIGNATURE_INVALID');
  });

  test('a statement naming another signing certificate than the one that signed it', async () => {
    const forged = await withStatement({ signerCertificateSha256: w.colleague.fingerprint }, w.signer);
    expect(await codeOf(forged)).toBe('SIGNATURE_INVALID');
  });
});

describe('SEAL_RECORD_INVALID', () => {
  test('one flipped byte of the seal record (no longer the record the statement names)', async () => {
    const env = decodeSealEnvelope(w.envelope);
    const i = indexOfBytes(env.sealRecord, utf8('SEAL-0001'));
    const r = await verify(encodeSealEnvelope({ ...env, sealRecord: withByte(env.sealRecord, i + 8, 0x32) }));
    expect(r).toMatchObject({ ok: false, code: 'SEAL_RECORD_INVALID', message: expect.stringMatching(/not the one named/) });
  });

  test('a seal record whose authority signature is broken, named correctly by the statement', async () => {
    const record = await craftSealRecord(w, {});
    const broken = withByte(record, record.length - 1, record[record.length - 1] ^ 0x01);
    expect(await codeOf(await withStatement({}, w.signer, broken))).toBe('SEAL_RECORD_INVALID');
  });

  test('a seal authority that chains to an untrusted root', async () => {
    const record = await craftSealRecord(w, {}, w.foreignAuthority, []);
    const sealed = await withStatement({}, w.signer, record);
    expect(await verify(sealed, { sealAuthorities: [w.authority.certPem, w.foreignAuthority.certPem] }))
      .toMatchObject({ ok: false, code: 'SEAL_RECORD_INVALID', pkiCode: 'UNTRUSTED' });
  });

  test('a trusted SIGNING certificate that is not a seal authority (the signer makes its own seal)', async () => {
    const record = await craftSealRecord(w, { allowedCertificates: [w.colleague.fingerprint] }, w.colleague);
    const sealed = await withStatement({ signerCertificateSha256: w.colleague.fingerprint }, w.colleague, record);
    expect(await verify(sealed, { sealAuthorities: [w.authority.certPem, w.colleague.certPem] })).toMatchObject({ ok: true });
    expect(await verify(sealed)).toMatchObject({ ok: false, code: 'SEAL_RECORD_INVALID', message: expect.stringMatching(/not signed by a seal authority/) });
  });

  test('a revoked seal authority', async () => {
    const isRevoked = ({ serialHex }: { serialHex: string }) => serialHex === w.authority.serialHex;
    expect(await verify(w.envelope, { isRevoked })).toMatchObject({ ok: false, code: 'SEAL_RECORD_INVALID', pkiCode: 'REVOKED' });
  });
});

describe('SIGNER_CERTIFICATE_INVALID', () => {
  test('the signer certificate revoked (isRevoked), with the pki reason', async () => {
    const isRevoked = ({ serialHex }: { serialHex: string }) => serialHex === w.signer.serialHex;
    const r = await verify(w.envelope, { isRevoked });
    expect(r).toMatchObject({ ok: false, code: 'SIGNER_CERTIFICATE_INVALID', pkiCode: 'REVOKED', message: expect.stringMatching(/张三.*revoked/) });
  });

  test('revocation status unknown (the callback throws) is a failure, not a pass', async () => {
    const isRevoked = ({ serialHex }: { serialHex: string }) => { if (serialHex === w.signer.serialHex) throw new Error('OCSP down'); return false; };
    expect(await verify(w.envelope, { isRevoked })).toMatchObject({ ok: false, code: 'SIGNER_CERTIFICATE_INVALID', pkiCode: 'REVOKED' });
  });

  test('the signer certificate has expired at the verification time', async () => {
    const shortLived = await makeParty(w.issuing, '赵六', ORG, { from: at(-10), to: at(30) });
    const record = await craftSealRecord(w, { allowedCertificates: [shortLived.fingerprint] });
    const sealed = await withStatement({ signerCertificateSha256: shortLived.fingerprint }, shortLived, record);
    expect(await verify(sealed, { at: at(29) })).toMatchObject({ ok: true });
    expect(await verify(sealed, { at: at(31) })).toMatchObject({ ok: false, code: 'SIGNER_CERTIFICATE_INVALID', pkiCode: 'EXPIRED' });
  });

  test('an issuing CA that is not trusted', async () => {
    expect(await verify(w.envelope, { trustAnchors: [w.foreignRoot.certPem] })).toMatchObject({ ok: false, pkiCode: 'UNTRUSTED' });
  });
});

describe('SEAL_NOT_YET_VALID / SEAL_EXPIRED', () => {
  test('a seal that had expired when the document was sealed', async () => {
    const record = await craftSealRecord(w, { validFrom: at(-30).toISOString(), validTo: at(-2).toISOString() });
    expect(await codeOf(await withStatement({}, w.signer, record))).toBe('SEAL_EXPIRED');
  });

  test('a seal not yet valid when the document was sealed', async () => {
    const record = await craftSealRecord(w, { validFrom: at(1).toISOString(), validTo: at(30).toISOString() });
    expect(await codeOf(await withStatement({}, w.signer, record))).toBe('SEAL_NOT_YET_VALID');
  });

  test('a backdated signature: signing time inside the validity, verification time after it', async () => {
    const record = await craftSealRecord(w, { validFrom: at(-30).toISOString(), validTo: at(-2).toISOString() });
    const sealed = await withStatement({ signingTime: new Date(Math.floor(at(-3).getTime() / 1000) * 1000).toISOString() }, w.signer, record);
    expect(await verify(sealed, { at: at(-2.5) })).toMatchObject({ ok: true });
    expect(await verify(sealed)).toMatchObject({ ok: false, code: 'SEAL_EXPIRED', message: expect.stringMatching(/verified at/) });
  });
});

describe('SIGNER_NOT_ALLOWED', () => {
  test('a valid certificate of the same organisation that is not in allowedCertificates', async () => {
    const sealed = await withStatement({ signerCertificateSha256: w.colleague.fingerprint }, w.colleague);
    expect(await verify(sealed)).toMatchObject({ ok: false, code: 'SIGNER_NOT_ALLOWED', message: expect.stringMatching(/may not use seal SEAL-0001/) });
  });

  test('an allowed certificate of another organisation (organizationIdentifier ≠ organisationId)', async () => {
    const sealed = await withStatement({ signerCertificateSha256: w.otherOrgSigner.fingerprint }, w.otherOrgSigner);
    expect(await verify(sealed)).toMatchObject({ ok: false, code: 'SIGNER_NOT_ALLOWED', message: expect.stringMatching(/belongs to organisation/) });
  });
});

describe('SEAL_IMAGE_MISMATCH', () => {
  test('a seal record (signed by the authority) whose image does not hash to its sha256', async () => {
    const image = { ...w.seal.record.image, sha256: toHex(await sha256(utf8('another picture'))) };
    const record = await craftSealRecord(w, { image });
    expect(await codeOf(await withStatement({}, w.signer, record))).toBe('SEAL_IMAGE_MISMATCH');
  });

  test('a PNG that is not a PNG', async () => {
    const image = { ...w.seal.record.image, mediaType: 'image/png' as const };
    const record = await craftSealRecord(w, { image });
    expect(await codeOf(await withStatement({}, w.signer, record))).toBe('SEAL_IMAGE_MISMATCH');
  });
});

describe('SIGNING_TIME_INVALID', () => {
  test('a signing time after the verification time (beyond clock skew)', async () => {
    const sealed = await withStatement({ signingTime: new Date(Math.floor(at(1).getTime() / 1000) * 1000).toISOString() });
    expect(await codeOf(sealed)).toBe('SIGNING_TIME_INVALID');
    expect(await codeOf(sealed, { at: at(1.5) })).toBe('OK');
  });
});

describe('MALFORMED', () => {
  test.each([
    ['empty input', new Uint8Array(0)],
    ['not JSON', utf8('%PDF-1.7')],
    ['JSON, not canonical', utf8('{ "v": "eseal-envelope/1" }')],
  ])('%s', async (_, bytes) => {
    expect(await codeOf(bytes)).toBe('MALFORMED');
  });

  test('an envelope with an extra field or a wrong version', async () => {
    const text = fromUtf8(w.envelope);
    expect(await codeOf(utf8(text.replace('{', '{"note":"x",')))).toBe('MALFORMED');
    expect(await codeOf(utf8(text.replace('eseal-envelope/1', 'eseal-envelope/2')))).toBe('MALFORMED');
  });

  test('CMS signingTime differing from the statement signingTime', async () => {
    const s = { ...statement };
    const cms = await craftStatement(w, s, w.signer, new Date(Date.parse(s.signingTime) - 60_000));
    expect(await codeOf(await craftEnvelope(cms, w.seal.signedRecord))).toBe('MALFORMED');
  });

  test('a detached statement', async () => {
    const detached = await createSignedData({ content: utf8(JSON.stringify(statement)), signerCertificate: w.signer.certPem, sign: w.signer.sign });
    expect(await codeOf(await craftEnvelope(detached, w.seal.signedRecord))).toBe('MALFORMED');
  });

  // crypto/cms accepts these rewrites (the signature does not cover them); eseal/1 has one encoding.
  test.each(['SignedData version 1 → 3', 'signature algorithm rsaEncryption → sha256WithRSAEncryption'])('%s', async (name) => {
    const env = decodeSealEnvelope(w.envelope);
    const rewrite = unsignedRewrites(env.statement).find((r) => r.name === name)!;
    const rewritten = applyRewrites(env.statement, [rewrite]);
    expect(rewritten).not.toEqual(env.statement);
    expect((await verifySignedData(rewritten)).ok).toBe(true);
    expect(await verify(encodeSealEnvelope({ ...env, statement: rewritten }))).toMatchObject({ ok: false, code: 'MALFORMED' });
  });

  test('a statement embedding a certificate that is not on the signer’s path', async () => {
    const cms = await createSignedData({
      content: canonicalJsonBytes(statement), signerCertificate: w.signer.certPem, sign: w.signer.sign, detached: false,
      signingTime: new Date(statement.signingTime), extraCertificates: [w.issuing.certPem, w.colleague.certPem],
    });
    expect(await verify(await craftEnvelope(cms, w.seal.signedRecord))).toMatchObject({ ok: false, code: 'MALFORMED', message: expect.stringMatching(/outside the certificate path/) });
  });

  test('a statement that is not eseal-sig/1', async () => {
    expect(await codeOf(await withStatement({ v: 'eseal-sig/2' as 'eseal-sig/1' }))).toBe('MALFORMED');
  });
});
