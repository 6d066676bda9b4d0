/**
 * Shared helpers for the crypto/pki tests: a temp directory, real openssl, fresh RSA/EC keys and a
 * small platform CA. Not a test file itself (jest only runs *.test.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCertificateAuthority, type CertificateAuthority } from '../../crypto/pki';

export const DAY = 86_400_000;
export const NOW = new Date();
export const at = (days: number): Date => new Date(NOW.getTime() + days * DAY);

const version = spawnSync('openssl', ['version'], { encoding: 'utf8' });
if (version.status !== 0) {
  // These tests are about interoperability with OpenSSL: without it they must fail, not pass silently.
  throw new Error(`openssl is required by the crypto/pki tests but could not be run (${version.error?.message ?? version.stderr}).`);
}

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenderhall-pki-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface OpensslResult { status: number; stdout: string; stderr: string }

/** Runs openssl; never throws on a non-zero exit (tests assert on status and output). */
export function openssl(args: string[], cwd: string, input?: string | Uint8Array): OpensslResult {
  const r = spawnSync('openssl', args, { cwd, input, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs openssl and insists on success. */
export function opensslOk(args: string[], cwd: string): string {
  return execFileSync('openssl', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
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
