/**
 * The browser's part of the evaluation (loaded on demand, with node-forge): a member signs the exact
 * texts of api/.../rules/evaluation-flow.ts — its scoresheet bound to the canonical hash of
 * { memberId, qualification, scores, justifications } (what the server hashes), or its act on the
 * report draft — with the signing key of its PKCS#12, which never leaves the browser.
 */
import { canonicalJson } from '../../../crypto/canonical-json';
import { toHex } from '../../../crypto/bytes';
import { sha256 } from '../../../crypto/hash';
import { readSigningIdentity, signChallenge } from '../auth/certificate-login';
import type { SheetMaps } from '../graphql/evaluation';
import { reportActMessage, scoresheetMessage } from './evaluation-rules';

export interface MemberSignature {
  certificatePem: string;
  signature: string;
}

async function signWithFile(file: ArrayBuffer, password: string, message: string): Promise<MemberSignature> {
  const identity = await readSigningIdentity(file, password);
  return { certificatePem: identity.certificatePem, signature: await signChallenge(identity.privateKey, message) };
}

export async function sheetSha256(memberId: string, sheet: SheetMaps): Promise<string> {
  const content = { memberId, qualification: sheet.qualification, scores: sheet.scores, justifications: sheet.justifications };
  return toHex(await sha256(new TextEncoder().encode(canonicalJson(content))));
}

export async function signScoresheet(file: ArrayBuffer, password: string, projectId: string, memberId: string, sheet: SheetMaps): Promise<MemberSignature> {
  return signWithFile(file, password, scoresheetMessage(projectId, memberId, await sheetSha256(memberId, sheet)));
}

export function signReportAct(file: ArrayBuffer, password: string, projectId: string, memberId: string, draftSha256: string, act: string): Promise<MemberSignature> {
  return signWithFile(file, password, reportActMessage(projectId, memberId, draftSha256, act));
}
