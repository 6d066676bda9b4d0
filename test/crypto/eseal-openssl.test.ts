/** Both halves of a sealed signature are plain CMS that OpenSSL verifies against the platform root. */
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJsonBytes } from '../../crypto/canonical-json';
import { decodeSealEnvelope } from '../../crypto/eseal';
import { ESealWorld, makeWorld, openssl, tempDir, withByte, write } from './eseal-fixtures';

const dir = tempDir();
let w: ESealWorld;
beforeAll(async () => {
  w = await makeWorld();
  write(dir, 'ca.pem', w.root.certPem);
  write(dir, 'other-ca.pem', w.foreignRoot.certPem);
});

function cmsVerify(file: string, caFile = 'ca.pem') {
  const out = `${file}.out`;
  const r = openssl(['cms', '-verify', '-inform', 'DER', '-in', file, '-CAfile', caFile, '-out', out], dir);
  return { ...r, content: r.status === 0 ? new Uint8Array(fs.readFileSync(path.join(dir, out))) : undefined };
}

test('openssl cms -verify accepts sealRecord.p7s and outputs the canonical seal record', () => {
  write(dir, 'sealRecord.p7s', w.seal.signedRecord);
  const r = cmsVerify('sealRecord.p7s');
  expect(r.stderr).toMatch(/Verification successful/);
  expect(r.status).toBe(0);
  expect(r.content).toEqual(canonicalJsonBytes(w.seal.record));
});

test('openssl cms -verify accepts statement.p7s from the envelope and outputs the statement', () => {
  const { statement } = decodeSealEnvelope(w.envelope);
  write(dir, 'statement.p7s', statement);
  const r = cmsVerify('statement.p7s');
  expect(r.stderr).toMatch(/Verification successful/);
  expect(r.status).toBe(0);
  expect(JSON.parse(new TextDecoder().decode(r.content))).toMatchObject({ v: 'eseal-sig/1', purpose: 'opening-record' });
});

test('openssl refuses the same files against another root, and a statement with one byte changed', () => {
  const { statement } = decodeSealEnvelope(w.envelope);
  write(dir, 'statement-other.p7s', statement);
  expect(cmsVerify('statement-other.p7s', 'other-ca.pem').status).not.toBe(0);
  write(dir, 'statement-bad.p7s', withByte(statement, statement.length - 1, statement[statement.length - 1] ^ 0x01));
  expect(cmsVerify('statement-bad.p7s').status).not.toBe(0);
});
