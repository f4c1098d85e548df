// The surveys page in a real browser against the real server and demo answers: scores over time with their
// bands, the distribution, by segment, retention by NPS category, a search in Chinese, and an account's answers.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  drawnCharts,
  newPage,
  screenshot,
  signIn,
  startDashboard,
  tableRows,
  type Dashboard,
} from '../helpers/browser.ts';

const CHARTS = [
  'NPS over time',
  'NPS distribution',
  'CSAT over time',
  'CES over time',
  'NPS by segment',
  'Retention by NPS category',
];

describe('surveys page in a browser', () => {
  let dashboard: Dashboard;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    dashboard = await startDashboard({ accounts: 150 });
    page = await newPage(dashboard);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, dashboard, '/surveys');
  });
  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], 'no script error in the page');
  });
  after(async () => {
    await dashboard.close();
  });

  it('draws the scores with their bands, the distribution, segments and retention by NPS category', async () => {
    await page.getByRole('link', { name: 'Surveys' }).waitFor();
    const charts = await drawnCharts(page, CHARTS.length);
    assert.deepEqual(
      charts.map((c) => c.label),
      CHARTS,
    );
    for (const chart of charts) {
      assert.ok(chart.points > 0 && chart.paintedPixels > 500, `${chart.label}: ${JSON.stringify(chart)}`);
    }
    assert.match(await page.locator('[data-kpi="NPS"] .kpi-value').innerText(), /^-?\d+\.\d$/);
    assert.match(await page.getByTestId('benchmarks').innerText(), /NPS 50 is good, CSAT 80% .*\(Bain & Company\)/);
    const retention = await tableRows(page, 'Retention by NPS category');
    assert.deepEqual(
      retention.map((r) => r[0]),
      ['Promoter accounts', 'Passive accounts', 'Detractor accounts', 'No answer', 'All accounts'],
    );
    await screenshot(page, 'surveys');
  });

  it('searches comments in Chinese and lists the answers using the word', async () => {
    await page.getByLabel('Search comments').fill('报表');
    await page.waitForURL((url) => url.searchParams.get('q') === '报表');
    await page.getByRole('table', { name: 'Survey answers' }).locator('tbody tr').first().waitFor();
    await page.waitForFunction(`!document.querySelector('.refreshing')`);
    const rows = await tableRows(page, 'Survey answers');
    assert.ok(rows.length > 0);
    assert.ok(
      rows.every((r) => r.some((cell) => cell.includes('报表'))),
      JSON.stringify(rows.slice(0, 3)),
    );
    await screenshot(page, 'surveys-search');
  });

  it("opens an answer's account, whose page shows its people's answers", async () => {
    const link = page.getByRole('table', { name: 'Survey answers' }).locator('tbody tr').first().getByRole('link');
    const name = await link.innerText();
    await link.click();
    await page.waitForURL(/\/accounts\/\d+/);
    await page.getByRole('heading', { name }).waitFor();
    const answers = await tableRows(page, 'Account survey answers');
    assert.ok(answers.some((r) => r.some((cell) => cell.includes('报表'))));
    await page.getByTestId('account-nps').waitFor();
  });
});
