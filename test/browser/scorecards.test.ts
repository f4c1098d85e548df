// The Scorecards page on the demo: each owner's card for the latest period, the trend table, the interval switch.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { csmReport } from '../../src/services/scorecards/scorecards.ts';
import { todayUtc } from '../../src/services/revenue.ts';
import { DEMO_TIERS } from '../../src/services/demo-workflow.ts';
import { defineTiers, listTiers } from '../../src/services/tiers.ts';
import { newPage, screenshot, signIn, startDashboard, type Dashboard } from '../helpers/browser.ts';

describe('team scorecards in the dashboard', () => {
  let dashboard: Dashboard;
  let page: Page;
  before(async () => {
    dashboard = await startDashboard({ accounts: 20, usage: false });
    page = await newPage(dashboard);
    await defineTiers({ ctx: dashboard.ctx, content: JSON.stringify(DEMO_TIERS), file: 'tiers.json' });
    await signIn(page, dashboard);
  });
  after(() => dashboard.close());

  it('shows one card per owner of the latest quarter and the trend, as the API computes them', async () => {
    const report = await csmReport(dashboard.ctx, { interval: 'quarter', asOf: todayUtc() });
    const latest = report.rows.at(-1)?.period;
    const owners = report.rows.filter((r) => r.period === latest).map((r) => r.owner);
    assert.ok(owners.length > 0, 'the demo has owners with revenue');
    await page.getByRole('link', { name: 'Scorecards' }).click();
    await page.locator('.scorecard').first().waitFor();
    assert.equal(await page.locator('.scorecard').count(), owners.length);
    const trend = page.locator('table[aria-label="Scorecards by period"] tbody tr');
    assert.equal(await trend.count(), report.rows.length);
    // One trend chart per owner card; the team table ends with the company row, whose ARR is the company's.
    assert.equal(await page.locator('.scorecard [role="img"]').count(), owners.length);
    const company = report.teams.find((t) => t.period === latest && t.level === 'company');
    assert.ok(company);
    const teamRows = page.locator(`table[aria-label="Teams · ${latest}"] tbody tr`);
    assert.equal(await teamRows.count(), report.teams.filter((t) => t.period === latest).length);
    assert.match((await teamRows.last().textContent()) ?? '', /^Company/);
    // The tier mix names each tier as the tiers page does (High-touch), not by its key (high-touch).
    const tiers = await listTiers(dashboard.ctx);
    const mixed = report.rows.find((r) => r.period === latest && r.tierMix.some((e) => e.tier !== ''));
    const entry = mixed?.tierMix.find((e) => e.tier !== '');
    const tier = tiers.find((t) => t.key === entry?.tier);
    assert.ok(mixed && entry && tier && tier.name !== tier.key, 'the demo has named tiers in a book');
    const tiersCell = page.locator(`.scorecard[data-owner="${mixed.owner}"] dt:text-is("Tiers") + dd`);
    await tiersCell.filter({ hasText: `${tier.name} ${entry.accounts}` }).waitFor();
    await screenshot(page, '60-scorecards');

    // Drill into the largest book: its accounts, each linking to its account page.
    const largest = [...report.rows.filter((r) => r.period === latest)].sort((a, b) => b.arrMinor - a.arrMinor)[0];
    assert.ok(largest);
    await page
      .locator(`.scorecard[data-owner="${largest.owner}"]`)
      .getByRole('button', { name: 'Open the book' })
      .click();
    const book = page.locator(`table[aria-label="Book of ${largest.owner || 'No owner'}"] tbody tr`);
    await book.first().waitFor();
    const rows = await book.count();
    assert.ok(rows > 0 && rows <= largest.accounts + 1, `${rows} accounts in a book of ${largest.accounts}`);
    await screenshot(page, '61-scorecards-book');
    await book.first().getByRole('link').click();
    await page.waitForURL(/\/accounts\/\d+$/);
    await page.goBack();

    // A target set on the page: the owner's card shows it and the attainment against it.
    await page.locator('.scorecard').first().waitFor();
    await page.getByLabel('Owner').selectOption(dashboard.email);
    await page.getByLabel('Quarter').fill(latest ?? '');
    await page.getByLabel(/Expansion target/).fill('500');
    await page.getByRole('button', { name: 'Set target' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Target set for ${dashboard.email}` })
      .waitFor();
    const card = page.locator(`.scorecard[data-owner="${dashboard.email}"]`);
    await card.filter({ hasText: '$500.00' }).waitFor();
    assert.match((await card.textContent()) ?? '', /Attainment\s*0\.0%/);

    await page.getByRole('button', { name: 'Month' }).click();
    await page.waitForFunction(
      `document.querySelector('table[aria-label="Scorecards by period"] tbody tr td')?.textContent?.length === 7`,
    );
  });
});
