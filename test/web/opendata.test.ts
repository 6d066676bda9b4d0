/** The public project page offers the OCDS files for download (no login), and what it downloads validates. */
import fs from 'node:fs';
import { browserSuite, openPage, screenshot } from '../support/browser';
import { ocdsErrors } from '../support/ocds';
import { sealedTender } from '../support/opening';

jest.setTimeout(90_000);


const suite = browserSuite();

test('an anonymous visitor downloads the release and record packages from the project page', async () => {
  const { projectId } = await sealedTender(suite.app, []); // published; no bids, so it fails at the deadline
  const { context, page, problems } = await openPage(suite.browser, suite.app.baseUrl, { path: `/projects/${projectId}` });
  try {
    const card = page.getByRole('region', { name: '开放数据' });
    await card.waitFor();
    await screenshot(page, 'opendata-project-page');
    for (const [name, kind] of [['发布包（releases.json）', 'releasePackage'], ['记录包（records.json）', 'recordPackage']] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name }).click()]);
      expect(download.suggestedFilename()).toMatch(/-(releases|records)\.json$/);
      const data = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
      expect(ocdsErrors(kind, data)).toEqual([]);
      const releases = kind === 'releasePackage' ? data.releases : data.records[0].releases;
      expect(releases.map((r: { tag: string[] }) => r.tag)).toEqual([['planning', 'tender'], ['tenderUpdate']]);
    }
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
