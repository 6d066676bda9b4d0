/**
 * A small e-seal world for the crypto/eseal tests, made with crypto/pki and real keys:
 * root CA → issuing CA → {seal authority, signer, colleague, signer of another organisation};
 * a foreign root with its own "seal authority"; one seal of the signer's organisation; one
 * sealed document. Helpers craft statements and seal records the way an attacker could.
 */
import { utf8 } from '../../crypto/bytes';
import { canonicalJsonBytes } from '../../crypto/canonical-json';
import { Signer, createSignedData, rsaSha256Signer } from '../../crypto/cms';
import {
  IssuedSeal, SealRecord, SealStatement, SealVerificationOptions, encodeSealEnvelope, issueSeal, renderSealSvg, sealDocument,
} from '../../crypto/eseal';
import { CertificateAuthority, createCertificateAuthority, issueCertificate } from '../../crypto/pki';
import { at, rootCa, rsaKeys } from './pki-fixtures';

export { DAY, NOW, at, openssl, tempDir, write } from './pki-fixtures';

export interface Party { certPem: string; privateKeyPem: string; sign: Signer; serialHex: string; fingerprint: string }

export const ORG = { name: '示范招标代理有限公司', uscc: '91350100MA0000003X' };
export const OTHER_ORG = { name: '华东建设集团有限公司', uscc: '91110000MA0000001L' };

export interface ESealWorld {
  root: CertificateAuthority;
  issuing: CertificateAuthority;
  authority: Party;
  foreignRoot: CertificateAuthority;
  foreignAuthority: Party;
  signer: Party;
  colleague: Party;
  otherOrgSigner: Party;
  svg: string;
  seal: IssuedSeal;
  document: Uint8Array;
  signingTime: Date;
  envelope: Uint8Array;
  options: SealVerificationOptions;
}

export async function makeParty(ca: CertificateAuthority, commonName: string, org?: { name: string; uscc: string }, validity = { from: at(-10), to: at(365) }): Promise<Party> {
  const keys = rsaKeys();
  const cert = issueCertificate({
    publicKeyPem: keys.publicKeyPem, ca, profile: 'SIGNING', notBefore: validity.from, notAfter: validity.to,
    subject: { commonName, organization: org?.name, organizationIdentifier: org?.uscc, country: 'CN' },
  });
  return { certPem: cert.pem, privateKeyPem: keys.privateKeyPem, sign: await rsaSha256Signer(keys.privateKeyPem), serialHex: cert.serialHex, fingerprint: cert.fingerprintSha256 };
}

export async function makeWorld(): Promise<ESealWorld> {
  const root = rootCa();
  const issuing = createCertificateAuthority({ subject: { commonName: 'tenderhall Issuing CA', country: 'CN' }, notBefore: at(-20), notAfter: at(1000), issuer: root });
  const foreignRoot = rootCa('Some Other Root CA');
  const authority = await makeParty(issuing, '示范市公共资源交易中心 电子印章管理');
  const foreignAuthority = await makeParty(foreignRoot, '示范市公共资源交易中心 电子印章管理');
  const signer = await makeParty(issuing, '张三', ORG);
  const colleague = await makeParty(issuing, '李四', ORG);
  const otherOrgSigner = await makeParty(issuing, '王五', OTHER_ORG);
  const svg = renderSealSvg({ organisationName: ORG.name, kind: 'CONTRACT' });
  const seal = await issueSeal({
    sealId: 'SEAL-0001', name: `${ORG.name} 合同专用章`, kind: 'CONTRACT', organisationName: ORG.name, organisationId: ORG.uscc,
    image: { mediaType: 'image/svg+xml', bytes: utf8(svg) }, validFrom: at(-1), validTo: at(180),
    allowedCertificates: [signer.certPem, otherOrgSigner.certPem], issuedAt: at(-1),
  }, { certificate: authority.certPem, sign: authority.sign, chain: [issuing.certPem] });
  const document = utf8('开标记录表\n项目 TH-2025-001 标段 1\n投标人 华东建设集团有限公司 报价 1234567.89 元\n');
  const signingTime = new Date(at(0).getTime() - 3_600_000);
  const { envelope } = await sealDocument({
    document, sealRecord: seal.signedRecord, signerCertificate: signer.certPem, sign: signer.sign, signingTime,
    documentName: '开标记录表.txt', purpose: 'opening-record', chain: [issuing.certPem],
  });
  return {
    root, issuing, authority, foreignRoot, foreignAuthority, signer, colleague, otherOrgSigner, svg, seal, document, signingTime, envelope,
    options: { trustAnchors: [root.certPem], sealAuthorities: [authority.certPem] },
  };
}

/** A seal record signed by `by` (default the seal authority), without any of issueSeal's care. */
export async function craftSealRecord(w: ESealWorld, changes: Partial<SealRecord>, by: Party = w.authority, chain = [w.issuing.certPem]): Promise<Uint8Array> {
  return createSignedData({
    content: canonicalJsonBytes({ ...w.seal.record, ...changes }), signerCertificate: by.certPem, sign: by.sign,
    signingTime: at(-1), detached: false, extraCertificates: chain,
  });
}

/** A statement signed by `by` (default the signer); fields and CMS signingTime as given. */
export async function craftStatement(w: ESealWorld, statement: SealStatement, by: Party = w.signer, cmsSigningTime?: Date): Promise<Uint8Array> {
  return createSignedData({
    content: canonicalJsonBytes(statement), signerCertificate: by.certPem, sign: by.sign,
    signingTime: cmsSigningTime ?? new Date(statement.signingTime), detached: false, extraCertificates: [w.issuing.certPem],
  });
}

export async function craftEnvelope(statement: Uint8Array, sealRecord: Uint8Array): Promise<Uint8Array> {
  return encodeSealEnvelope({ statement, sealRecord });
}

export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export function withByte(bytes: Uint8Array, index: number, value: number): Uint8Array {
  const out = bytes.slice();
  out[index] = value;
  return out;
}
