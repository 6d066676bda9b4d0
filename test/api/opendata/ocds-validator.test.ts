/** The validator itself can fail: broken packages are rejected by the core schema and by the merged bids extension. */
import { mergePatch, ocdsErrors } from '../../support/ocds';

const release = (extra: Record<string, unknown> = {}) => ({ ocid: 'ocds-th0000-X', id: 'ocds-th0000-X-tender', date: '2026-12-01T00:00:00Z', tag: ['tender'], initiationType: 'tender', ...extra });
const pkg = (releases: unknown[]) => ({ uri: 'https://tenderhall.example/opendata/ocds/projects/x/releases.json', version: '1.1', publishedDate: '2026-12-01T00:00:00Z', publisher: { name: 'P' }, releases });

test('a valid minimal package passes', () => {
  expect(ocdsErrors('releasePackage', pkg([release()]))).toEqual([]);
});

test.each([
  ['a release without initiationType', pkg([{ ...release(), initiationType: undefined }]), 'initiationType'],
  ['a release tag outside the codelist', pkg([release({ tag: ['opening'] })]), 'allowed values'],
  ['a date that is not a date-time', pkg([release({ date: '15 Dec 2026' })]), 'date-time'],
  ['money as a string', pkg([release({ tender: { id: 't', value: { amount: '980000', currency: 'CNY' } } })]), 'number'],
  ['a package without publisher', { ...pkg([release()]), publisher: undefined }, 'publisher'],
  ['a package with no releases', pkg([]), 'fewer than 1'],
  ['a bid status outside the extension codelist', pkg([release({ bids: { details: [{ id: 'b', status: 'opened' }] } })]), 'allowed values'],
  ['a bid without id (extension)', pkg([release({ bids: { details: [{ status: 'valid' }] } })]), 'id'],
  ['a bid statistic without a measure (extension)', pkg([release({ bids: { statistics: [{ id: 's', value: 1 }] } })]), 'measure'],
])('rejected: %s', (_name, data, message) => {
  const errors = ocdsErrors('releasePackage', JSON.parse(JSON.stringify(data)));
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.join('\n')).toContain(message);
});

test('a record package with a versioned release we cannot check is refused; a compiled release must be a release', () => {
  const record = { ocid: 'ocds-th0000-X', releases: [release()], compiledRelease: release({ id: 'c', tag: ['compiled'] }) };
  const base = { uri: 'https://tenderhall.example/r.json', version: '1.1', publishedDate: '2026-12-01T00:00:00Z', publisher: { name: 'P' } };
  expect(ocdsErrors('recordPackage', { ...base, records: [record] })).toEqual([]);
  expect(ocdsErrors('recordPackage', { ...base, records: [{ ...record, versionedRelease: {} }] }).length).toBeGreaterThan(0);
  expect(ocdsErrors('recordPackage', { ...base, records: [{ ...record, compiledRelease: { ...record.compiledRelease, tag: 'compiled' } }] }).length).toBeGreaterThan(0);
});

test('mergePatch follows RFC 7386', () => {
  expect(mergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({ a: 'z', c: { d: 'e' } });
  expect(mergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
  expect(mergePatch({ a: 'b' }, { b: { c: 1 } })).toEqual({ a: 'b', b: { c: 1 } });
});
