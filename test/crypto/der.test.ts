import fc from 'fast-check';
import { fromHex, utf8 } from '../../crypto/bytes';
import { canonicalJson, parseCanonicalJson } from '../../crypto/canonical-json';
import {
  DerError, derOctetString, derOid, derSequence, derSetOf, derSmallInteger, integerBytes, oid, readDer, smallInteger,
} from '../../crypto/der';

const rejects = (hex: string, limits = {}) => expect(() => readDer(fromHex(hex), limits)).toThrow(DerError);

describe('strict DER reader', () => {
  test('reads a nested structure as views into the input', () => {
    const der = derSequence(derSmallInteger(5), derSequence(derOid('1.2.840.113549.1.7.1'), derOctetString(utf8('hi'))));
    const root = readDer(der);
    expect(smallInteger(root.children[0])).toBe(5);
    expect(oid(root.children[1].children[0])).toBe('1.2.840.113549.1.7.1');
    expect(root.children[1].children[1].value.buffer).toBe(der.buffer);
  });

  test.each([
    ['indefinite length', '3080020100 0000'],
    ['length longer than the data', '3005020100'],
    ['child running past its parent', '3003020201'],
    ['non-minimal long form for a short length', '308103020100'],
    ['leading zero in the length', '30820003020100'],
    ['length of more than 4 octets', '308500000000030201'],
    ['trailing data after the element', '3003020100ff'],
    ['truncated header', '30'],
    ['high-tag form for a low tag number', '1f0100'],
    ['empty input', ''],
  ])('rejects %s', (_, hex) => rejects(hex.replace(/ /g, '')));

  test('rejects nesting deeper than the limit and inputs larger than the cap', () => {
    let der = derOctetString(new Uint8Array(0));
    for (let i = 0; i < 40; i++) der = derSequence(der);
    expect(() => readDer(der)).toThrow(/nesting too deep/);
    expect(() => readDer(der, { maxDepth: 64 })).not.toThrow();
    expect(() => readDer(derOctetString(new Uint8Array(2000)), { maxBytes: 1000 })).toThrow(/exceeds/);
  });

  test('claims of huge lengths fail fast without allocation', () => {
    rejects('3084ffffffff020100');
    rejects('0484 7fffffff 00'.replace(/ /g, ''));
  });

  test('rejects non-minimal INTEGER and OID encodings', () => {
    expect(() => integerBytes(readDer(fromHex('02020001')))).toThrow(/non-minimal/);
    expect(() => integerBytes(readDer(fromHex('0202ff80')))).toThrow(/non-minimal/);
    expect(() => oid(readDer(fromHex('06032a8001')))).toThrow(/non-minimal/);
    expect(smallInteger(readDer(fromHex('0201ff')))).toBe(-1);
  });

  test('SET OF is encoded sorted', () => {
    const set = derSetOf(derSmallInteger(3), derSmallInteger(1), derSmallInteger(2));
    expect(Buffer.from(set).toString('hex')).toBe('3109020101020102020103');
  });
});

describe('fuzz (fast-check)', () => {
  test('random bytes: the reader returns a tree or throws DerError, nothing else', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      try { readDer(bytes); } catch (e) { if (!(e instanceof DerError)) throw e; }
    }), { numRuns: 5000 });
  });

  const tree: fc.Arbitrary<Uint8Array> = fc.letrec<{ node: Uint8Array }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      fc.uint8Array({ maxLength: 300 }).map(derOctetString),
      fc.nat(1_000_000).map(derSmallInteger),
      fc.array(tie('node'), { maxLength: 4 }).map((xs) => derSequence(...xs)),
    ),
  })).node;

  test('valid DER round-trips: re-reading gives back every byte', () => {
    fc.assert(fc.property(tree, (der) => {
      const root = readDer(der);
      expect(root.der).toEqual(der);
    }), { numRuns: 1000 });
  });

  test('mutated valid DER is either rejected with DerError or still parses to a tree covering all input', () => {
    fc.assert(fc.property(tree, fc.nat(), fc.integer({ min: 1, max: 255 }), (der, at, xor) => {
      const bad = der.slice();
      bad[at % bad.length] ^= xor;
      try {
        const root = readDer(bad);
        expect(root.der.length).toBe(bad.length);
      } catch (e) {
        if (!(e instanceof DerError)) throw e;
      }
    }), { numRuns: 3000 });
  });
});

describe('canonical JSON (RFC 8785)', () => {
  test('sorts keys and uses the ECMAScript number form', () => {
    expect(canonicalJson({ b: 1, a: [1e21, 0.1, -0], c: 'é\u2028' })).toBe('{"a":[1e+21,0.1,0],"b":1,"c":"é\u2028"}');
  });
  test('parsing signed JSON requires the canonical form', () => {
    expect(parseCanonicalJson(utf8('{"a":1,"b":2}'))).toEqual({ a: 1, b: 2 });
    expect(() => parseCanonicalJson(utf8('{"b":2,"a":1}'))).toThrow(/canonical/);
    expect(() => parseCanonicalJson(utf8('{"a": 1}'))).toThrow(/canonical/);
    expect(() => parseCanonicalJson(new Uint8Array([0x22, 0xff, 0x22]))).toThrow();
  });
});
