/**
 * Property: no single changed byte — in the envelope file, or inside either signed DER carried by
 * it — gives a sealed signature that verifies (DESIGN §9.2/§9.4: any change is a rejection).
 */
import fc from 'fast-check';
import { decodeSealEnvelope, encodeSealEnvelope, verifySealedSignature } from '../../crypto/eseal';
import { ESealWorld, makeWorld, withByte } from './eseal-fixtures';

let w: ESealWorld;
beforeAll(async () => {
  w = await makeWorld();
  const r = await verifySealedSignature(w.document, w.envelope, w.options);
  if (!r.ok) throw new Error(`the untouched envelope must verify: ${r.code}`);
});

/** A position in `bytes` and a different value for it. */
const change = (length: number) => fc.record({ index: fc.nat({ max: length - 1 }), delta: fc.integer({ min: 1, max: 255 }) });
const apply = (bytes: Uint8Array, c: { index: number; delta: number }) => withByte(bytes, c.index, (bytes[c.index] + c.delta) & 0xff);

test('a changed byte anywhere in the envelope file never verifies', async () => {
  await fc.assert(fc.asyncProperty(change(w.envelope.length), async (c) => {
    const r = await verifySealedSignature(w.document, apply(w.envelope, c), w.options);
    expect(r.ok).toBe(false);
  }), { numRuns: 300 });
});

test.each(['statement', 'sealRecord'] as const)('a changed byte in the %s DER (re-wrapped in a well-formed envelope) never verifies', async (part) => {
  const env = decodeSealEnvelope(w.envelope);
  await fc.assert(fc.asyncProperty(change(env[part].length), async (c) => {
    const tampered = encodeSealEnvelope({ ...env, [part]: apply(env[part], c) });
    const r = await verifySealedSignature(w.document, tampered, w.options);
    expect(r.ok).toBe(false);
  }), { numRuns: 300 });
});
