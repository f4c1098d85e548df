// The dashboard in a real browser against the real server and demo data: sign-in, every page with data, filters
// in the URL changing the charts, drill from a movement to the account's records, CSV export.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, afterEach, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
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

describe('dashboard in a browser', () => {
  let dashboard: Dashboard;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    dashboard = await startDashboard({ accounts: 150 });
    page = await newPage(dashboard);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], 'no script error in the page');
  });
  after(async () => {
    await dashboard.close();
  });

  it('refuses a wrong password with the API problem detail, and stays on the sign-in page', async () => {
    const other = await newPage(dashboard);
    await other.goto('/');
    await other.getByLabel('Email').fill(dashboard.email);
    await other.getByLabel('Password').fill('not the password at all');
    await other.getByRole('button', { name: 'Sign in' }).click();
    const alert = other.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /email or password/i);
    assert.equal(await other.locator('.sidebar').count(), 0);
    await screenshot(other, '01-sign-in-refused');
    await other.context().close();
  });

  it('signs in and shows the revenue overview: KPIs, six charts with data, the table', async () => {
    await signIn(page, dashboard);
    const charts = await drawnCharts(page, 6);
    assert.deepEqual(
      charts.map((c) => c.label),
      [
        'MRR trend',
        'MRR movements',
        'Churn rates',
        'NRR and GRR',
        'Expansion on new MRR',
        'Revenue from existing customers',
      ],
    );
    for (const chart of charts) {
      assert.ok(chart.points > 10, `${chart.label} plots ${chart.points} points`);
      assert.ok(chart.paintedPixels > 500, `${chart.label} painted ${chart.paintedPixels} pixels`);
    }
    const mrr = await page.locator('[data-kpi="MRR"] .kpi-value').innerText();
    assert.match(mrr, /^\$[\d.,]+[KM]?$/);
    const rows = await tableRows(page, 'Revenue by period');
    assert.ok(rows.length >= 24, `${rows.length} periods`);
    await screenshot(page, '02-overview');
  });

  it('a segment filter goes to the URL and changes the charts and KPIs; the link reopens the same view', async () => {
    await page.goto('/');
    const before = await drawnCharts(page, 6);
    const mrrBefore = await page.locator('[data-kpi="MRR"] .kpi-value').innerText();
    const industry = page.locator('select[name="industry"]');
    const options = await industry.locator('option').allInnerTexts();
    const value = options.find((o) => o !== 'All');
    assert.ok(value, 'the industry picker lists the demo industries');
    await industry.selectOption(value);
    await page.waitForURL((url) => url.searchParams.get('industry') === value);
    const after = await drawnCharts(page, 6);
    assert.notEqual(after[0]!.total, before[0]!.total, 'the MRR trend changed');
    assert.ok(after[0]!.total < before[0]!.total, 'one industry has less MRR than all of them');
    assert.notEqual(await page.locator('[data-kpi="MRR"] .kpi-value').innerText(), mrrBefore);
    await screenshot(page, '03-overview-filtered');

    const shared = page.url();
    await page.goto('/movements');
    await page.goto(shared);
    await drawnCharts(page, 6);
    assert.equal(await page.locator('select[name="industry"]').inputValue(), value);

    await page.locator('select[name="interval"]').selectOption('quarter');
    await page.waitForURL((url) => url.searchParams.get('interval') === 'quarter');
    const quarterly = await tableRows(page, 'Revenue by period');
    assert.match(quarterly[0]![0]!, /^\d{4}-Q[1-4]/);
  });

  it('shows the cohort heatmaps and milestones', async () => {
    await page.goto('/cohorts');
    const charts = await drawnCharts(page, 2);
    assert.deepEqual(
      charts.map((c) => c.label),
      ['Logo retention', 'Revenue retention'],
    );
    for (const chart of charts) assert.ok(chart.points > 100 && chart.paintedPixels > 500, chart.label);
    assert.ok((await tableRows(page, 'Cohort milestones')).length >= 12);
    await screenshot(page, '04-cohorts');
  });

  it('compares segments side by side for every dimension', async () => {
    await page.goto('/segments?by=size_band');
    const charts = await drawnCharts(page, 2);
    assert.ok(charts.every((c) => c.points > 0 && c.paintedPixels > 500));
    const bySize = await tableRows(page, 'Metrics by segment');
    assert.ok(bySize.length >= 3, `${bySize.length} size bands`);
    await page.getByRole('group', { name: 'Dimension' }).getByRole('button', { name: 'CSM' }).click();
    await page.waitForURL((url) => url.searchParams.get('by') === 'owner_csm');
    await page.getByRole('columnheader', { name: 'CSM' }).waitFor();
    assert.ok((await tableRows(page, 'Metrics by segment')).length >= 3);
    await screenshot(page, '05-segments');
  });

  it('drills from a churn movement to the account, its movement and the billing records behind it', async () => {
    await page.goto('/movements?kind=churn');
    const rows = await tableRows(page, 'Movements');
    assert.ok(rows.length > 0 && rows.every((r) => r[2] === 'Churn'), 'only churn movements are listed');
    await screenshot(page, '06-movements');
    const link = page.getByRole('table', { name: 'Movements' }).locator('tbody tr').first().getByRole('link');
    const name = await link.innerText();
    await link.click();
    await page.waitForURL(/\/accounts\/\d+\?month=\d{4}-\d{2}$/);
    const month = new URL(page.url()).searchParams.get('month');
    await page.getByRole('heading', { name }).waitFor();
    const marked = page.locator(`.timeline-item.marked[data-month="${month}"]`);
    await marked.first().waitFor();
    assert.match(await marked.first().innerText(), /Churn/);
    assert.ok((await marked.first().locator('[data-record]').count()) > 0, 'the churn names its billing records');
    await drawnCharts(page, 1);
    await screenshot(page, '07-account');
  });

  it('lists, searches and sorts accounts, pages through them, and exports every matching row as CSV', async () => {
    await page.goto('/accounts?status=active&sort=mrr&order=desc');
    const rows = await tableRows(page, 'Accounts');
    assert.equal(rows.length, 50);
    const mrr = rows.map((r) => Number(r[2]!.replace(/[$,]/g, '')));
    assert.deepEqual(
      mrr,
      [...mrr].sort((a, b) => b - a),
      'sorted by MRR, largest first',
    );
    const caption = await page.locator('[data-table="Accounts"] .table-caption').innerText();
    const total = Number(caption.replace(/\D/g, ''));
    assert.ok(total > 50);
    await screenshot(page, '08-accounts');

    const download = page.waitForEvent('download');
    await page.locator('[data-table="Accounts"]').getByTestId('csv-export').click();
    const file = await (await download).path();
    const records = parse<Record<string, string>>(await readFile(file, 'utf8'), { columns: true, bom: true });
    assert.equal(records.length, total, 'the CSV has every matching account, not just the page');
    assert.ok(records.every((r) => r.Status === 'active'));

    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL((url) => url.searchParams.get('offset') === '50');

    const first = await page
      .getByRole('table', { name: 'Accounts' })
      .locator('tbody tr')
      .first()
      .getByRole('link')
      .innerText();
    await page.getByLabel('Search').fill(first);
    await page.waitForURL((url) => url.searchParams.get('q') === first);
    const found = await tableRows(page, 'Accounts');
    assert.ok(found.some((r) => r[0]!.startsWith(first)));
  });

  it('says so when nothing matches, and names what failed', async () => {
    await page.goto('/?industry=No%20such%20industry');
    await page.getByText('No revenue in this period').waitFor();
    assert.equal(await page.locator('select[name="industry"]').inputValue(), 'No such industry');
    await page.goto('/accounts/999999');
    assert.match(await page.getByRole('alert').innerText(), /no account with id 999999/i);
    await screenshot(page, '09-not-found');
  });
});
