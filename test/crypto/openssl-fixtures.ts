/**
 * Test certificates and keys made with the openssl CLI in a temp dir (test-only, node-only).
 * A CA, two encryption recipients, a signer and an outsider signer from another CA.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// throws when openssl cannot be run: these tests must fail then, not pass silently
import { runOpenssl, runOpensslOk, type OpensslOutput } from '../support/openssl';

/** Runs openssl and insists on success; returns stdout. */
export function openssl(args: string[], input?: Uint8Array): Buffer {
  return runOpensslOk(args, { input });
}

/** Runs openssl and returns status/stdout/stderr instead of throwing. */
export function opensslResult(args: string[]): OpensslOutput {
  return runOpenssl(args);
}

export interface Party { keyPem: string; certPem: string; keyFile: string; certFile: string }
export interface Fixtures { dir: string; ca: Party; otherCa: Party; recipientA: Party; recipientB: Party; recipientC: Party; signer: Party; outsider: Party }

function makeCa(dir: string, name: string): Party {
  const keyFile = path.join(dir, `${name}.key`);
  const certFile = path.join(dir, `${name}.pem`);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-subj', `/CN=${name}`,
    '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return { keyFile, certFile, keyPem: fs.readFileSync(keyFile, 'utf8'), certPem: fs.readFileSync(certFile, 'utf8') };
}

function makeLeaf(dir: string, name: string, ca: Party, usage: 'encryption' | 'signing'): Party {
  const keyFile = path.join(dir, `${name}.key`);
  const certFile = path.join(dir, `${name}.pem`);
  const csr = path.join(dir, `${name}.csr`);
  const ext = path.join(dir, `${name}.ext`);
  fs.writeFileSync(ext, `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,${usage === 'encryption' ? 'keyEncipherment' : 'digitalSignature,nonRepudiation'}\n`);
  openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', csr, '-subj', `/O=Tenderhall Test/CN=${name}`]);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-out', certFile, '-days', '10', '-extfile', ext]);
  return { keyFile, certFile, keyPem: fs.readFileSync(keyFile, 'utf8'), certPem: fs.readFileSync(certFile, 'utf8') };
}

export function makeFixtures(): Fixtures {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenderhall-crypto-'));
  const ca = makeCa(dir, 'test-ca');
  const otherCa = makeCa(dir, 'other-ca');
  return {
    dir, ca, otherCa,
    recipientA: makeLeaf(dir, 'bidder-enc', ca, 'encryption'),
    recipientB: makeLeaf(dir, 'opening', ca, 'encryption'),
    recipientC: makeLeaf(dir, 'custodian-c', ca, 'encryption'),
    signer: makeLeaf(dir, 'bidder-sign', ca, 'signing'),
    outsider: makeLeaf(dir, 'outsider-sign', otherCa, 'signing'),
  };
}

export function removeFixtures(f: Fixtures | undefined): void {
  if (f) fs.rmSync(f.dir, { recursive: true, force: true });
}
