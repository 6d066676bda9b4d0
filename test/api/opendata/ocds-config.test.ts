/** The OCDS settings: a sensible default, a registered-looking prefix only, an absolute public URL. */
import { loadConfig } from '../../../api/src/config';

test('defaults come from the ledger origin; overrides are checked', () => {
  expect(loadConfig({}).ocds).toEqual({ ocidPrefix: 'ocds-th0000', publisherName: 'tenderhall 公共资源交易平台', baseUrl: 'https://tenderhall.localhost' });
  expect(loadConfig({ LEDGER_ORIGIN: 'jy.example.gov.cn/ledger' }).ocds.baseUrl).toBe('https://jy.example.gov.cn');
  expect(loadConfig({ OCDS_OCID_PREFIX: 'ocds-a1b2c3', OCDS_PUBLISHER: '示范中心', PUBLIC_URL: 'http://127.0.0.1:4000/' }).ocds).toEqual({ ocidPrefix: 'ocds-a1b2c3', publisherName: '示范中心', baseUrl: 'http://127.0.0.1:4000' });
  expect(() => loadConfig({ OCDS_OCID_PREFIX: 'th0000' })).toThrow(/OCDS_OCID_PREFIX/);
  expect(() => loadConfig({ OCDS_OCID_PREFIX: 'ocds-TOOLONG1' })).toThrow(/OCDS_OCID_PREFIX/);
  expect(() => loadConfig({ PUBLIC_URL: 'tenderhall.example' })).toThrow(/PUBLIC_URL/);
});
