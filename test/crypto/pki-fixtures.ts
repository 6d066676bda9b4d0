/**
 * Shared helpers for the crypto/pki tests: a temp directory, real openssl, fresh RSA/EC keys and a
 * small platform CA. Not a test file itself (jest only runs *.test.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCertificateAuthority, PkiError, type CertificateAuthority } from '../../crypto/pki';
// throws when openssl cannot be run: these tests are about interoperability with OpenSSL, so without it they fail
import { runOpenssl, runOpensslOk } from '../support/openssl';

export const DAY = 86_400_000;
export const NOW = new Date();
export const at = (days: number): Date => new Date(NOW.getTime() + days * DAY);

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenderhall-pki-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface OpensslResult { status: number; stdout: string; stderr: string }

/** Runs openssl; never throws on a non-zero exit (tests assert on status and output). */
export function openssl(args: string[], cwd: string, input?: string | Uint8Array): OpensslResult {
  const r = runOpenssl(args, { cwd, input, timeoutMs: 30_000 });
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr };
}

/** Runs openssl and insists on success; returns stdout as text. */
export function opensslOk(args: string[], cwd: string): string {
  return runOpensslOk(args, { cwd }).toString('utf8');
}

/** `fn` throws a PkiError with this code. */
export function expectPkiError(fn: () => unknown, code: string): void {
  let caught: unknown;
  try { fn(); } catch (e) { caught = e; }
  expect(caught).toBeInstanceOf(PkiError);
  expect((caught as PkiError).code).toBe(code);
}

export function write(dir: string, name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

export function rsaKeys(bits = 2048): { privateKeyPem: string; publicKeyPem: string; privateKey: crypto.KeyObject } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function ecKeys(curve = 'prime256v1'): { privateKeyPem: string; publicKeyPem: string; privateKey: crypto.KeyObject } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: curve });
  return {
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function rootCa(commonName = 'tenderhall Test Root CA', pathLen?: number): CertificateAuthority {
  return createCertificateAuthority({
    subject: { commonName, organization: '示范市公共资源交易中心', country: 'CN' },
    notBefore: at(-30),
    notAfter: at(3650),
    pathLen,
  });
}

export const BIDDER = {
  commonName: '张三',
  organization: '华东建设集团有限公司',
  organizationIdentifier: '91350100MA0000003X',
  serialNumber: 'zhangsan',
  country: 'CN',
} as const;

/** PEM → DER bytes (test-side, independent of the code under test). */
export function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[A-Z0-9 ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

export function derToPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
