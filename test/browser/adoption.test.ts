// The adoption pages in a real browser against the real server and demo usage: the overview with drawn charts
// and filled tables, a segment filter and the dimension picker changing it, a flagged account's usage, the
// feature catalog, and a CSV export of a flagged list.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { assertChartsDrawn, browserSuite, drawnCharts, screenshot, tableRows } from '../helpers/browser.ts';

const CHARTS = ['Adoption levels', 'Retention by adoption', 'Feature usage rate', 'Adoption by segment'];

const kpi = (page: Page, label: string) => page.locator(`[data-kpi="${label}"] .kpi-value`).innerText();
const count = (text: string) => Number(text.replace(/\D/g, ''));

describe('adoption pages in a browser', () => {
  const world = browserSuite({ accounts: 150, path: '/adoption' });

  it('shows levels, retention by level, feature rates, segments and the flagged accounts', async () => {
    await world.page.getByRole('link', { name: 'Adoption' }).waitFor();
    await assertChartsDrawn(world.page, CHARTS);
    const measured = count(await kpi(world.page, 'Accounts measured'));
    const levels = await Promise.all(['Low adoption', 'Mid adoption', 'High adoption'].map((l) => kpi(world.page, l)));
    assert.ok(measured > 50, `${measured} accounts measured`);
    assert.equal(
      levels.map(count).reduce((a, b) => a + b, 0),
      measured,
      'every account has one level',
    );
    assert.equal((await tableRows(world.page, 'Adoption levels')).length, 3);
    const retention = await tableRows(world.page, 'Retention by adoption level');
    assert.deepEqual(retention.at(-1)?.[0], 'All customers');
    assert.match(await world.page.getByTestId('claim').innerText(), /still paying a year later: \d+% of low/);
    const features = await tableRows(world.page, 'Feature usage');
    assert.equal(features.length, 25, 'every catalog feature');
    assert.ok(
      features.every((f) => /^\d+\.\d%$/.test(f[3]!)),
      'each with its usage rate',
    );
    assert.ok((await tableRows(world.page, 'Adoption by segment')).length >= 5);
    assert.ok((await tableRows(world.page, 'Usage declining')).length > 0);
    assert.ok((await tableRows(world.page, 'Expansion signals')).length > 0);
    await screenshot(world.page, '10-adoption');
  });

  it('a segment filter goes to the URL and narrows the page; the dimension picker regroups it', async () => {
    const before = await drawnCharts(world.page, CHARTS.length);
    const measured = count(await kpi(world.page, 'Accounts measured'));
    const segment = world.page.locator('select[name="segment"]');
    await segment.selectOption('SMB');
    await world.page.waitForURL((url) => url.searchParams.get('segment') === 'SMB');
    const after = await drawnCharts(world.page, CHARTS.length);
    const smb = count(await kpi(world.page, 'Accounts measured'));
    assert.ok(smb > 0 && smb < measured, `SMB ${smb} of ${measured} accounts`);
    assert.notDeepEqual(
      after.map((c) => c.total),
      before.map((c) => c.total),
      'the charts changed',
    );

    await world.page.getByRole('group', { name: 'Dimension' }).getByRole('button', { name: 'Plan' }).click();
    await world.page.waitForURL((url) => url.searchParams.get('by') === 'plan');
    await world.page.getByRole('columnheader', { name: 'Plan' }).first().waitFor();
    const plans = (await tableRows(world.page, 'Adoption by segment')).map((r) => r[0]);
    assert.ok(plans.length >= 2 && plans.every((p) => ['Starter', 'Growth', 'Business', 'Enterprise'].includes(p!)));
    await screenshot(world.page, '11-adoption-filtered');
  });

  it('exports a flagged list as CSV with every row', async () => {
    await world.page.goto('/adoption');
    const caption = await world.page.locator('[data-table="Expansion signals"] .table-caption').innerText();
    const download = world.page.waitForEvent('download');
    await world.page.locator('[data-table="Expansion signals"]').getByTestId('csv-export').click();
    const records = parse<Record<string, string>>(await readFile(await (await download).path(), 'utf8'), {
      columns: true,
      bom: true,
    });
    assert.equal(records.length, count(caption));
    assert.ok(records.every((r) => /^acct_/.test(r.ID ?? '') && Number(r.MRR) > 0));
  });

  it('drills from an account with declining usage to its world.page, which shows its usage and flags', async () => {
    await world.page.goto('/adoption');
    const link = world.page
      .getByRole('table', { name: 'Usage declining' })
      .locator('tbody tr')
      .first()
      .getByRole('link');
    const name = await link.innerText();
    await link.click();
    await world.page.waitForURL(/\/accounts\/\d+$/);
    await world.page.getByRole('heading', { name }).waitFor();
    const usage = world.page.getByTestId('account-usage');
    await usage.getByTestId('usage-kpis').waitFor();
    assert.match(await kpi(world.page, 'Usage declining'), /^▼ \d+%$/, 'the decline that flagged it');
    assert.match(await kpi(world.page, 'Adoption level'), /^(Low|Mid|High)$/);
    assert.match(await world.page.locator('[data-kpi="Seat utilization"]').getAttribute('title').then(String), /seats/);
    const weekly = (await drawnCharts(world.page, 2)).find((c) => c.label === 'Active users');
    assert.equal(weekly?.points, 12, 'twelve weeks');
    assert.equal(await usage.locator('[data-feature]').count(), 25, 'every catalog feature, used or not');
    const detail = await world.page.locator('[data-kpi="Feature usage rate"] .kpi-detail').innerText();
    const [used, included] = (/^(\d+) of (\d+) features/.exec(detail) ?? []).slice(1).map(Number);
    assert.equal(await usage.locator('.chip-used[data-feature]').count(), used, 'a chip for each feature used');
    assert.equal(
      await usage.locator('.chip-used, .chip-unused').and(usage.locator('[data-feature]')).count(),
      included,
    );
    await screenshot(world.page, '12-account-usage');

    await usage.getByRole('group', { name: 'Grain' }).getByRole('button', { name: 'Daily' }).click();
    await world.page.waitForFunction(`document.querySelector('[data-chart="Active users"]')?.dataset.points === '84'`);
  });

  it('lists the feature catalog and the events awaiting review', async () => {
    await world.page.goto('/adoption');
    await world.page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Features' }).click();
    await world.page.waitForURL((url) => url.searchParams.get('tab') === 'features');
    const catalog = await tableRows(world.page, 'Feature catalog');
    assert.equal(catalog.length, 25);
    assert.ok(catalog.some((r) => r[4] === 'every plan') && catalog.some((r) => /within \d+ days/.test(r[5]!)));
    await world.page.getByText('Nothing to review').waitFor();
    await screenshot(world.page, '13-adoption-features');
  });
});
