// The handoff file and success plan at the top of the account page (written, edited, a milestone completed by
// hand), the /plans portfolio: "accounts whose 30-day milestones are late", by day and by owner; and the
// References page installing the "Ask for a reference" playbook.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createSuccessPlan } from '../../src/services/handoff/success-plans.ts';
import { newPage, screenshot, signIn, startDashboard, tableRows, type Dashboard } from '../helpers/browser.ts';

describe('handoff file and success plans in the dashboard', () => {
  let dashboard: Dashboard;
  let page: Page;
  let accounts: { id: number; external_id: string; name: string; owner_csm: string | null }[];
  before(async () => {
    dashboard = await startDashboard({ accounts: 20, usage: false });
    accounts = await dashboard.ctx.store.query(
      `SELECT id, external_id, name, owner_csm FROM accounts ORDER BY id LIMIT 3`,
    );
    // Two more plans for the portfolio: one started long ago (both milestones late), one started today (due).
    const today = new Date().toISOString().slice(0, 10);
    await createSuccessPlan({ ctx: dashboard.ctx, accountId: Number(accounts[1]?.id), startOn: '2024-01-01' });
    await createSuccessPlan({ ctx: dashboard.ctx, accountId: Number(accounts[2]?.id), startOn: today });
    page = await newPage(dashboard);
    await signIn(page, dashboard);
  });
  after(() => dashboard.close());

  it('writes the handoff file on the account page and shows it at the top', async () => {
    const a = accounts[0];
    await page.goto(`/accounts/${a?.id ?? 0}`);
    const section = page.getByTestId('account-handoff');
    await section.getByText('No handoff file yet').waitFor();
    // The handoff section comes before the profile.
    const order = await page.evaluate(`(() => {
      const cards = [...document.querySelectorAll('.card-title')].map((e) => e.textContent);
      return [cards.indexOf('Handoff file'), cards.indexOf('Profile')];
    })()`);
    assert.deepEqual(order, [0, 2]);
    await section.getByRole('button', { name: 'Edit' }).click();
    await section.getByLabel('Goals').fill('Board reporting without spreadsheets\nOne view of churn');
    await section.getByRole('button', { name: 'Add an outcome' }).click();
    await section.getByLabel('Metric').fill('reports built per week');
    await section.getByLabel('Baseline').fill('0');
    await section.getByLabel('Target').fill('20');
    await section.getByLabel('Due date').fill('2026-06-18');
    await section.getByRole('button', { name: 'Add a stakeholder' }).click();
    await section.getByLabel('Name').fill('Ana Ruiz');
    await section.getByLabel('Email').fill('ana@acme.example');
    await section.getByLabel('Role').selectOption('sponsor');
    await section.getByLabel('What was bought').fill('50 seats, reporting module');
    await section.getByLabel('Risks').fill('Champion changes role in Q2');
    await section.getByRole('button', { name: 'Save the handoff file' }).click();
    await section.getByTestId('handoff-file').waitFor();
    assert.deepEqual(await tableRows(page, 'Promised outcomes'), [
      ['reports built per week', '0', '20', 'Jun 18, 2026'],
    ]);
    assert.match(await section.getByLabel('Stakeholders').innerText(), /sponsor\s+Ana Ruiz\s+ana@acme\.example/i);
    await section.getByText('Champion changes role in Q2').waitFor();
    const [row] = await dashboard.ctx.store.query<{ goals: string[] }>(
      `SELECT goals FROM account_handoffs WHERE account_id = $1`,
      [a?.id],
    );
    assert.deepEqual(row?.goals, ['Board reporting without spreadsheets', 'One view of churn']);
  });

  it('refuses a bad value with the field named, keeping the editor open', async () => {
    const section = page.getByTestId('account-handoff');
    await section.getByRole('button', { name: 'Edit' }).click();
    await section.getByLabel('Target').fill('lots');
    await section.getByRole('button', { name: 'Save the handoff file' }).click();
    const alert = section.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /target/);
    await section.getByRole('button', { name: 'Cancel' }).click();
    assert.deepEqual(await tableRows(page, 'Promised outcomes'), [
      ['reports built per week', '0', '20', 'Jun 18, 2026'],
    ]);
  });

  it('makes a success plan and completes a milestone by hand', async () => {
    const section = page.getByTestId('account-handoff');
    await section.getByRole('button', { name: 'Make a success plan' }).click();
    const first = section.locator('tr[data-milestone]').first();
    await first.waitFor();
    const key = await first.getAttribute('data-milestone');
    const before = await first.getAttribute('data-status');
    assert.ok(before === 'late' || before === 'due', String(before));
    await first.getByRole('button', { name: 'Complete' }).click();
    await section.locator(`tr[data-milestone="${key}"][data-status^="done"]`).waitFor();
    await section.locator(`tr[data-milestone="${key}"]`).getByText('by hand').waitFor();
    await screenshot(page, '45-account-handoff');
  });

  it('lists accounts whose 30-day milestones are late, by day and owner', async () => {
    await page.getByRole('link', { name: 'Success plans' }).click();
    await page.getByText('Accounts whose 30-day milestones are late').waitFor();
    const late = accounts[1];
    const rows = await tableRows(page, 'Milestones across accounts');
    const names = rows.map((r) => r[0]);
    assert.ok(names.includes(late?.name ?? ''), JSON.stringify(rows));
    assert.ok(!names.includes(accounts[2]?.name ?? '-'), 'a plan started today has nothing late');
    assert.ok(rows.every((r) => r[3] === '30' && r[5] === 'Late'));
    await page.getByRole('button', { name: '90 days' }).click();
    await page.getByText('Accounts whose 90-day milestones are late').waitFor();
    await page.waitForFunction(
      `[...document.querySelectorAll('table[aria-label="Milestones across accounts"] tbody tr')].every((r) => r.children[3]?.textContent === '90')`,
    );
    await page.getByRole('button', { name: 'Due', exact: true }).click();
    await page
      .getByText(accounts[2]?.name ?? '-')
      .first()
      .waitFor();
    assert.match(page.url(), /day=90&status=due/);
    const owner = accounts[2]?.owner_csm;
    if (owner) {
      await page.getByLabel('Owner').selectOption(owner);
      await page.waitForFunction(`location.search.includes('owner_csm=')`);
      await page
        .getByText(accounts[2]?.name ?? '-')
        .first()
        .waitFor();
      const owned = await tableRows(page, 'Milestones across accounts');
      assert.ok(owned.every((r) => r[1] === owner));
    }
    await screenshot(page, '46-success-plans');
  });

  it('lists reference candidates (none here) and installs the "Ask for a reference" playbook', async () => {
    await page.getByRole('link', { name: 'References' }).click();
    await page.getByText('No account meets all four criteria today.').waitFor();
    const template = page.locator('[data-template="ask-for-reference"]');
    await template.getByRole('button', { name: 'Install' }).click();
    await template.getByText('installed').waitFor();
    const [row] = await dashboard.ctx.store.query<{ definition: { trigger: { signal: string } } }>(
      `SELECT definition FROM playbooks WHERE name = 'Ask for a reference'`,
    );
    assert.equal(row?.definition.trigger.signal, 'reference_candidate');
    await screenshot(page, '47-references');
  });
});
