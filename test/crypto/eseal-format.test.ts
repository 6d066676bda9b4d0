/** The eseal/1 documents (seal record, statement, envelope) and the seal picture: one encoding, strict schemas. */
import { fromBase64, fromUtf8, toBase64, toHex, utf8 } from '../../crypto/bytes';
import { canonicalJsonBytes } from '../../crypto/canonical-json';
import {
  SealRecord, SealStatement, decodeSealEnvelope, decodeSealRecord, decodeSealStatement, encodeSealEnvelope, renderSealSvg,
  sealImage, sealImageProblem,
} from '../../crypto/eseal';
import { sha256 } from '../../crypto/hash';

const svg = renderSealSvg({ organisationName: '示范招标代理有限公司', kind: 'CONTRACT' });
const hex = (c: string) => c.repeat(64);

async function record(): Promise<SealRecord> {
  return {
    v: 'eseal/1', sealId: 'SEAL-0001', name: '示范招标代理有限公司 电子签章', kind: 'OFFICIAL',
    organisationName: '示范招标代理有限公司', organisationId: '91350100MA0000003X',
    image: await sealImage('image/svg+xml', utf8(svg)),
    validFrom: '2025-01-01T00:00:00.000Z', validTo: '2026-01-01T00:00:00.000Z',
    allowedCertificates: [hex('a'), hex('b')], issuedAt: '2024-12-31T08:00:00.000Z',
  };
}

const statement: SealStatement = {
  v: 'eseal-sig/1', documentSha256: hex('1'), sealRecordSha256: hex('2'), signingTime: '2025-03-01T02:03:04.000Z', signerCertificateSha256: hex('3'),
};

describe('seal record', () => {
  test('round trip through canonical JSON', async () => {
    const r = await record();
    expect(decodeSealRecord(canonicalJsonBytes(r))).toEqual(r);
  });

  test.each<[string, (r: SealRecord) => unknown, RegExp]>([
    ['a USCC with a wrong check character', (r) => ({ ...r, organisationId: '91350100MA0000003Y' }), /organisationId/],
    ['an unknown kind', (r) => ({ ...r, kind: 'SECRET' }), /kind must be/],
    ['validFrom after validTo', (r) => ({ ...r, validFrom: r.validTo, validTo: r.validFrom }), /validFrom must be before/],
    ['a time not in toISOString form', (r) => ({ ...r, issuedAt: '2024-12-31T08:00:00Z' }), /issuedAt/],
    ['unsorted allowedCertificates', (r) => ({ ...r, allowedCertificates: [hex('b'), hex('a')] }), /sorted/],
    ['no allowedCertificates', (r) => ({ ...r, allowedCertificates: [] }), /allowedCertificates/],
    ['an uppercase fingerprint', (r) => ({ ...r, allowedCertificates: [hex('A')] }), /allowedCertificates/],
    ['an unknown field', (r) => ({ ...r, colour: 'red' }), /unknown field colour/],
    ['a missing field', ({ issuedAt: _, ...r }) => r, /missing field issuedAt/],
    ['another version', (r) => ({ ...r, v: 'eseal/2' }), /v must be/],
    ['a GIF image', (r) => ({ ...r, image: { ...r.image, mediaType: 'image/gif' } }), /mediaType/],
  ])('refuses %s', async (_, change, message) => {
    const bytes = canonicalJsonBytes(change(await record()));
    expect(() => decodeSealRecord(bytes)).toThrow(message);
  });

  test('refuses JSON that is not in canonical form', async () => {
    const r = await record();
    expect(() => decodeSealRecord(utf8(JSON.stringify(r, null, 1)))).toThrow(/canonical/);
  });
});

describe('seal statement', () => {
  test('round trip, optional fields included', () => {
    const s = { ...statement, documentName: '开标记录表.pdf', purpose: 'opening-record' };
    expect(decodeSealStatement(canonicalJsonBytes(s))).toEqual(s);
  });

  test.each<[string, unknown, RegExp]>([
    ['fractions of a second', { ...statement, signingTime: '2025-03-01T02:03:04.500Z' }, /whole seconds/],
    ['a short hash', { ...statement, documentSha256: 'ab' }, /documentSha256/],
    ['a purpose with spaces', { ...statement, purpose: 'opening record' }, /purpose/],
    ['a blank documentName', { ...statement, documentName: '  ' }, /documentName/],
  ])('refuses %s', (_, value, message) => {
    expect(() => decodeSealStatement(canonicalJsonBytes(value))).toThrow(message);
  });
});

describe('envelope', () => {
  test('is canonical JSON with base64 DER, and decodes back to the same bytes', () => {
    const env = { statement: Uint8Array.of(0x30, 0x01, 0x02), sealRecord: Uint8Array.of(0x30, 0x00) };
    const bytes = encodeSealEnvelope(env);
    expect(fromUtf8(bytes)).toBe('{"sealRecord":"MAA=","statement":"MAEC","v":"eseal-envelope/1"}');
    expect(decodeSealEnvelope(bytes)).toEqual(env);
  });

  test.each([
    ['non-canonical base64', '{"sealRecord":"MAB=","statement":"MAEC","v":"eseal-envelope/1"}', /non-canonical base64/],
    ['base64 without padding', '{"sealRecord":"MAA","statement":"MAEC","v":"eseal-envelope/1"}', /invalid base64/],
    ['an empty part', '{"sealRecord":"","statement":"MAEC","v":"eseal-envelope/1"}', /must be a base64 string/],
    ['a missing part', '{"statement":"MAEC","v":"eseal-envelope/1"}', /missing field sealRecord/],
  ])('refuses %s', (_, text, message) => {
    expect(() => decodeSealEnvelope(utf8(text))).toThrow(message);
  });
});

describe('seal image', () => {
  test('sealImage hashes the bytes; sealImageProblem finds a changed hash or a wrong type', async () => {
    const image = await sealImage('image/svg+xml', utf8(svg));
    expect(image.sha256).toBe(toHex(await sha256(utf8(svg))));
    expect(fromUtf8(fromBase64(image.base64))).toBe(svg);
    expect(await sealImageProblem(image)).toBeUndefined();
    expect(await sealImageProblem({ ...image, sha256: hex('0') })).toMatch(/SHA-256/);
    expect(await sealImageProblem({ ...image, mediaType: 'image/png' })).toMatch(/not image\/png/);
  });

  test('a PNG must start with the PNG signature', async () => {
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);
    expect(await sealImageProblem(await sealImage('image/png', png))).toBeUndefined();
    await expect(sealImage('image/png', utf8(svg))).rejects.toThrow(/not image\/png/);
    await expect(sealImage('image/svg+xml', png)).rejects.toThrow(/not image\/svg/);
    const fake = { mediaType: 'image/png' as const, sha256: toHex(await sha256(utf8('GIF89a'))), base64: toBase64(utf8('GIF89a')) };
    expect(await sealImageProblem(fake)).toMatch(/not image\/png/);
  });
});

describe('renderSealSvg', () => {
  test('is deterministic', () => {
    expect(renderSealSvg({ organisationName: '示范招标代理有限公司', kind: 'CONTRACT' })).toBe(svg);
  });

  test('the name along the arc character by character in order, the star, the kind’s default label', () => {
    const glyphs = [...svg.matchAll(/rotate\((-?[\d.]+)[^>]*>([^<]+)<\/text>/g)];
    expect(glyphs.map((g) => g[2]).join('')).toBe('示范招标代理有限公司');
    const angles = glyphs.map((g) => Number(g[1]));
    expect(angles[0]).toBe(-angles[angles.length - 1]); // symmetric about the top
    expect(angles).toEqual([...angles].sort((a, b) => a - b)); // left to right, clockwise
    expect(svg).toMatch(/<polygon points="100,72( [\d.]+,[\d.]+){9}"/); // ten points, the first one straight up
    expect(svg).toMatch(/>合同专用章<\/text>/);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  test.each([
    ['OFFICIAL', undefined, null],
    ['BID', undefined, '投标专用章'],
    ['PERSONAL', '张三之印', '张三之印'],
    ['CONTRACT', '', null],
  ] as const)('%s with label %p shows %p at the bottom', (kind, label, shown) => {
    const out = renderSealSvg({ organisationName: '华东建设集团有限公司', kind, label });
    const bottom = /<text x="100" y="150"[^>]*>([^<]*)<\/text>/.exec(out)?.[1] ?? null;
    expect(bottom).toBe(shown);
  });

  test('escapes markup in names and labels', () => {
    const out = renderSealSvg({ organisationName: 'A&B<script>', kind: 'OFFICIAL', label: '"x"' });
    expect(out).not.toMatch(/<script|&B|"x"/);
    expect(out).toContain('&#60;');
    expect(out).toContain('&#34;x&#34;');
  });

  test('refuses an empty or very long name', () => {
    expect(() => renderSealSvg({ organisationName: '  ', kind: 'OFFICIAL' })).toThrow(RangeError);
    expect(() => renderSealSvg({ organisationName: '公'.repeat(41), kind: 'OFFICIAL' })).toThrow(RangeError);
  });
});
