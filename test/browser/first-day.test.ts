// A newcomer's first day in a real browser: no Content-Security-Policy violation on the dashboard or the API docs,
// the dashboard on a 390 px phone, the headline figures, the accounts list and file, and the adoption page of a
// store without product usage.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { importContacts } from '../../src/services/import-accounts.ts';
import {
  drawnCharts,
  newPage,
  screenshot,
  signIn,
  startDashboard,
  tableRows,
  type Dashboard,
} from '../helpers/browser.ts';

/** Console messages about a refused resource or script: what a CSP violation looks like in Chromium. */
function watchViolations(page: Page, into: string[]): void {
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(text)) into.push(text);
  });
  page.on('pageerror', (error) => into.push(`page error: ${error.message}`));
}

const money = (text: string) => Number(text.replace(/[^0-9.-]/g, ''));

describe('first day in the dashboard', () => {
  let dashboard: Dashboard;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    dashboard = await startDashboard({ accounts: 150 });
    const [account] = await dashboard.ctx.store.query<{ external_id: string }>(
      `SELECT external_id FROM accounts ORDER BY id LIMIT 1`,
    );
    await importContacts({
      ctx: dashboard.ctx,
      input: {
        name: 'contacts.csv',
        text: `account_id,id,email,name,title\n${account?.external_id},c-1,ada@example.com,Ada Lovelace,Head of Ops\n`,
      },
    });
    page = await newPage(dashboard);
    watchViolations(page, problems);
    await signIn(page, dashboard);
  });
  afterEach(() => {
    assert.deepEqual(problems.splice(0), [], 'no CSP violation or script error');
  });
  after(async () => {
    await dashboard.close();
  });

  it('works under the Content-Security-Policy: every page draws, the API docs render, nothing is refused', async () => {
    // Enforced here, so no playwright string predicate (eval): locators only.
    const strict = await newPage(dashboard, { enforceCsp: true });
    watchViolations(strict, problems);
    await signIn(strict, dashboard);
    await strict.locator('[data-chart] canvas').nth(5).waitFor();
    await strict.locator('[data-kpi="MRR"]').waitFor();
    await strict.goto('/cohorts');
    await strict.locator('[data-chart] canvas').nth(1).waitFor();
    await strict.waitForTimeout(500);
    await screenshot(strict, 'first-day-cohorts');
    await strict.goto('/adoption');
    await strict.getByTestId('adoption-kpis').waitFor();
    await strict.locator('[data-chart] canvas').first().waitFor();
    await strict.goto('/adoption?tab=features');
    await strict.getByRole('table').first().waitFor();
    await strict.goto('/segments');
    await strict.locator('[data-chart] canvas').first().waitFor();
    await strict.goto('/movements');
    await strict.getByRole('table').first().locator('tbody tr').first().waitFor();
    await strict.goto('/accounts');
    await strict.getByRole('table', { name: 'Accounts' }).locator('tbody tr').first().click();
    await strict.locator('.profile').first().waitFor();
    await strict.locator('[data-chart] canvas').first().waitFor();
    // A chart tooltip writes inline styles: hover one.
    await strict.goto('/');
    const chart = strict.locator('[data-chart="MRR trend"] canvas');
    await chart.waitFor();
    const box = await chart.boundingBox();
    if (box) await strict.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
    await strict.locator('[data-chart="MRR trend"] div', { hasText: 'MRR' }).last().waitFor();
    await strict.goto('/api/docs');
    await strict.locator('.swagger-ui .opblock').first().waitFor();
    // Swagger UI renders a long document as it scrolls into view.
    for (let i = 0; i < 5; i++) {
      await strict.evaluate('window.scrollBy(0, 4000)');
      await strict.waitForTimeout(200);
    }
    const summaries = await strict.locator('.swagger-ui .opblock-summary-path').allInnerTexts();
    assert.ok(summaries.length > 10, `${summaries.length} operations in the docs`);
    assert.ok(!summaries.some((p) => p.trim() === '/'), 'no stray GET / in the API docs');
    await strict.locator('.swagger-ui .opblock').first().click();
    await strict.locator('.swagger-ui .opblock-body').first().waitFor();
    await screenshot(strict, 'first-day-api-docs');
    await strict.context().close();
  });

  it('headline MRR with three significant digits; no "▲ 0.0%"; each benchmark badge names its check', async () => {
    await page.goto('/');
    await drawnCharts(page, 6);
    const mrr = await page.locator('[data-kpi="MRR"] .kpi-value').innerText();
    assert.match(mrr, /^\$(\d\.\d\d|\d\d\.\d|\d{3})[KM]$/, `MRR tile shows ${mrr}`);
    const details = await page.locator('.kpi-detail').allInnerTexts();
    assert.ok(!details.some((d) => /[▲▼] 0\.0%/.test(d)), details.join(' | '));
    const badges = await page.locator('.benchmarks .badge').allInnerTexts();
    assert.ok(badges.length >= 2, `${badges.length} benchmark badges`);
    for (const badge of badges) assert.match(badge, /^[✓✗] (Logo churn|MRR churn|Net MRR churn|Expansion)/);
    const subtitle = await page.locator('.card', { hasText: 'Churn rates' }).locator('.card-subtitle').innerText();
    assert.match(subtitle, /David Skok and Drift/);
    assert.doesNotMatch(await page.locator('body').innerText(), /seed 0/i);
  });

  it('lists accounts biggest first, filters by status, and shows each paying account’s adoption level', async () => {
    await page.goto('/accounts');
    const rows = await tableRows(page, 'Accounts');
    const header = await page.getByRole('table', { name: 'Accounts' }).locator('thead th').allInnerTexts();
    const mrrAt = header.findIndex((h) => /MRR/.test(h));
    const adoptionAt = header.findIndex((h) => /Adoption/.test(h));
    assert.ok(mrrAt >= 0 && adoptionAt >= 0, header.join(' | '));
    const mrrs = rows.map((r) => money(r[mrrAt] ?? ''));
    assert.deepEqual(
      mrrs,
      [...mrrs].sort((a, b) => b - a),
      'sorted by MRR, biggest first',
    );
    await page.waitForFunction(`!document.body.innerText.includes('…')`);
    const levels = (await tableRows(page, 'Accounts')).map((r) => r[adoptionAt]);
    assert.ok(levels.filter((l) => /^(Low|Mid|High)$/.test(l ?? '')).length >= 10, `levels shown: ${levels.join(',')}`);
    await page.locator('select[name="status"]').selectOption('churned');
    await page.waitForURL((url) => url.searchParams.get('status') === 'churned');
    const churned = await tableRows(page, 'Accounts');
    const statusAt = header.findIndex((h) => /Status/.test(h));
    assert.ok(churned.length > 0);
    assert.ok(churned.every((r) => /churned/i.test(r[statusAt] ?? '')));
  });

  it('shows the account’s custom attributes, contacts and its contract in its own currency', async () => {
    const [first] = await dashboard.ctx.store.query<{ id: number }>(`SELECT id FROM accounts ORDER BY id LIMIT 1`);
    await page.goto(`/accounts/${first?.id}`);
    await page.locator('.profile').first().waitFor();
    const attributes = await page.getByTestId('custom-attributes').innerText();
    assert.match(attributes, /country/i);
    const contacts = await tableRows(page, 'Contacts');
    assert.deepEqual(contacts[0]?.slice(0, 3), ['Ada Lovelace', 'ada@example.com', 'Head of Ops']);
    // A paying account, its contract: an amount in the contract's currency beside the reporting-currency MRR.
    const [euro] = await dashboard.ctx.store.query<{ account_id: number }>(
      `SELECT p.account_id FROM subscription_periods p WHERE p.currency = 'EUR' AND p.end_on IS NULL LIMIT 1`,
    );
    if (euro) {
      await page.goto(`/accounts/${euro.account_id}`);
      await page.locator('.profile').first().waitFor();
      const profile = await page.locator('.profile').first().innerText();
      assert.match(profile, /Current MRR \(USD\)/);
      assert.match(profile, /€[\d,.]+ EUR a month/);
    }
  });

  it('works 390 px wide: the navigation folds behind a menu button, tiles and charts fit the screen', async () => {
    const phone = await newPage(dashboard, { width: 390, height: 844 });
    const context = phone.context();
    watchViolations(phone, problems);
    await signIn(phone, dashboard);
    await drawnCharts(phone, 6);
    const menu = phone.getByRole('button', { name: 'Menu' });
    assert.ok(await menu.isVisible(), 'a menu button on a phone');
    const hidden = await phone.locator('.sidebar').boundingBox();
    assert.ok(hidden && hidden.x + hidden.width <= 0, 'the navigation is folded away');
    const width = await phone.evaluate('document.documentElement.scrollWidth');
    assert.ok(Number(width) <= 390, `the page is ${String(width)} px wide`);
    const boxes = async (selector: string) => {
      const found: { left: number; right: number; width: number }[] = [];
      for (const el of await phone.locator(selector).all()) {
        const box = await el.boundingBox();
        if (box) found.push({ left: box.x, right: box.x + box.width, width: box.width });
      }
      return found;
    };
    const tiles = await boxes('[data-kpi]');
    assert.ok(tiles.length >= 8);
    assert.ok(
      tiles.every((t) => t.left >= 0 && t.right <= 390),
      'every tile inside the screen',
    );
    assert.equal(new Set(tiles.map((t) => Math.round(t.left))).size, 2, 'tiles two to a row');
    const charts = (await boxes('[data-chart]')).map((c) => c.width);
    assert.ok(charts.length === 6 && charts.every((w) => w > 250 && w <= 390), `chart widths ${charts.join(',')}`);
    await screenshot(phone, 'first-day-390px-overview');

    await menu.click();
    await phone.locator('.nav-open .sidebar').waitFor();
    const open = await phone.locator('.sidebar').boundingBox();
    assert.ok(open && open.x >= 0, 'the menu opens the navigation');
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await screenshot(phone, 'first-day-390px-menu');
    await phone.locator('.sidebar').getByRole('link', { name: 'Accounts' }).click();
    await phone.waitForURL(/\/accounts/);
    await tableRows(phone, 'Accounts');
    const closed = await phone.locator('.sidebar').boundingBox();
    assert.ok(closed && closed.x + closed.width <= 0, 'choosing a page folds the navigation again');
    assert.ok(Number(await phone.evaluate('document.documentElement.scrollWidth')) <= 390);
    await screenshot(phone, 'first-day-390px-accounts');
    await phone.goto('/cohorts');
    await drawnCharts(phone, 2);
    await screenshot(phone, 'first-day-390px-cohorts');
    await context.close();
  });
});

describe('the adoption page without product usage', () => {
  let dashboard: Dashboard;
  before(async () => {
    dashboard = await startDashboard({ accounts: 60, usage: false });
  });
  after(async () => {
    await dashboard.close();
  });

  it('says how to connect product usage instead of calling every account low adoption', async () => {
    const page = await newPage(dashboard);
    const problems: string[] = [];
    watchViolations(page, problems);
    await signIn(page, dashboard, '/adoption');
    const hint = page.getByTestId('no-usage');
    await hint.waitFor();
    const text = await hint.innerText();
    assert.match(text, /No product usage yet/);
    assert.match(text, /apikey create --scope ingest/);
    assert.match(text, /Ingesting product usage/);
    assert.match(text, new RegExp(dashboard.url.replace(/[.:/]/g, '\\$&')));
    assert.equal(await page.locator('[data-kpi="Low adoption"]').count(), 0, 'no account flagged as low adoption');
    assert.equal(await hint.getByRole('link', { name: /API docs/ }).getAttribute('href'), '/api/docs#/ingest');
    await screenshot(page, 'first-day-adoption-no-usage');
    assert.deepEqual(problems, []);
  });
});
