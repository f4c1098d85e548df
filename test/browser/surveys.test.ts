// The surveys page in a real browser against the real server and demo answers: scores over time with their
// bands, the distribution, by segment, retention by NPS category, a search in Chinese, and an account's answers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertChartsDrawn, browserSuite, screenshot, tableRows } from '../helpers/browser.ts';

const CHARTS = [
  'NPS over time',
  'NPS distribution',
  'CSAT over time',
  'CES over time',
  'NPS by segment',
  'Retention by NPS category',
];

describe('surveys page in a browser', () => {
  const world = browserSuite({ accounts: 150, path: '/surveys' });

  it('draws the scores with their bands, the distribution, segments and retention by NPS category', async () => {
    await world.page.getByRole('link', { name: 'Surveys' }).waitFor();
    await assertChartsDrawn(world.page, CHARTS);
    assert.match(await world.page.locator('[data-kpi="NPS"] .kpi-value').innerText(), /^-?\d+\.\d$/);
    assert.match(
      await world.page.getByTestId('benchmarks').innerText(),
      /NPS 50 is good, CSAT 80% .*\(Bain & Company\)/,
    );
    const retention = await tableRows(world.page, 'Retention by NPS category');
    assert.deepEqual(
      retention.map((r) => r[0]),
      ['Promoter accounts', 'Passive accounts', 'Detractor accounts', 'No answer', 'All accounts'],
    );
    await screenshot(world.page, 'surveys');
  });

  it('searches comments in Chinese and lists the answers using the word', async () => {
    await world.page.getByLabel('Search comments').fill('报表');
    await world.page.waitForURL((url) => url.searchParams.get('q') === '报表');
    await world.page.getByRole('table', { name: 'Survey answers' }).locator('tbody tr').first().waitFor();
    await world.page.waitForFunction(`!document.querySelector('.refreshing')`);
    const rows = await tableRows(world.page, 'Survey answers');
    assert.ok(rows.length > 0);
    assert.ok(
      rows.every((r) => r.some((cell) => cell.includes('报表'))),
      JSON.stringify(rows.slice(0, 3)),
    );
    await screenshot(world.page, 'surveys-search');
  });

  it("opens an answer's account, whose page shows its people's answers", async () => {
    const link = world.page
      .getByRole('table', { name: 'Survey answers' })
      .locator('tbody tr')
      .first()
      .getByRole('link');
    const name = await link.innerText();
    await link.click();
    await world.page.waitForURL(/\/accounts\/\d+/);
    await world.page.getByRole('heading', { name }).waitFor();
    const answers = await tableRows(world.page, 'Account survey answers');
    assert.ok(answers.some((r) => r.some((cell) => cell.includes('报表'))));
    await world.page.getByTestId('account-nps').waitFor();
  });
});
