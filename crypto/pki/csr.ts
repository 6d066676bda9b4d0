/**
 * PKCS#10 certification requests, made without ever touching a private key: the caller signs the
 * CertificationRequestInfo DER (WebCrypto in the browser, node:crypto on the server) and gets a
 * PEM back. Isomorphic: forge.asn1 only. RSA keys, sha256WithRSAEncryption.
 */
import forge from 'node-forge';
import { PkiError } from './errors';
import { MAX_CERT_BYTES, build, children, decodePem, derOf, encodePem, parseDer, readOid } from './der';
import { OID } from './oids';
import { SubjectInfo, buildName } from './names';

export async function createCsr(opts: {
  subject: SubjectInfo;
  publicKeyPem: string;
  sign: (tbsDer: Uint8Array) => Uint8Array | Promise<Uint8Array>;
}): Promise<string> {
  const spkiDer = decodePem(opts.publicKeyPem, ['PUBLIC KEY'], MAX_CERT_BYTES);
  const spki = parseDer(spkiDer, 'public key');
  const [algorithm] = children(spki, 'SubjectPublicKeyInfo', undefined, 2, 2);
  if (readOid(children(algorithm, 'algorithm', undefined, 1, 2)[0], 'algorithm') !== OID.rsaEncryption) {
    throw new PkiError('KEY_UNSUPPORTED', 'createCsr signs with sha256WithRSAEncryption and needs an RSA public key.');
  }
  const info = build.seq([
    build.int(0),
    buildName(opts.subject),
    spki,
    forge.asn1.create(forge.asn1.Class.CONTEXT_SPECIFIC, 0, true, []), // attributes: none
  ]);
  const infoDer = derOf(info);
  const signature = await opts.sign(infoDer);
  if (!(signature instanceof Uint8Array) || signature.length === 0) {
    throw new PkiError('BAD_REQUEST', 'The signer returned no signature bytes.');
  }
  const algId = build.seq([build.oid(OID.sha256WithRSAEncryption), build.nul()]);
  return encodePem('CERTIFICATE REQUEST', derOf(build.seq([info, algId, build.bits(signature)])));
}
