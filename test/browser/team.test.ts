// Team administration in the browser: an admin adds a user, changes a role, deactivates, creates a key shown
// once and revokes it, uploads files (a result, or the file:line:field that stopped it), reads the audit log,
// and changes an account's owner.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { newPage, screenshot, signIn, startDashboard, type Dashboard } from '../helpers/browser.ts';
import { tempDir } from '../helpers/cli.ts';

describe('team administration in the dashboard', () => {
  let dashboard: Dashboard;
  let page: Page;
  before(async () => {
    dashboard = await startDashboard({ accounts: 40 });
    page = await newPage(dashboard);
    await signIn(page, dashboard);
  });
  after(() => dashboard.close());

  it('adds a user, changes their role and deactivates them; they cannot sign in', async () => {
    await page.getByRole('link', { name: 'Team' }).click();
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Email').fill('sam@example.com');
    await form.getByLabel('Name').fill('Sam Ortiz');
    await form.getByLabel('Role').selectOption('viewer');
    await form.getByLabel('Password').fill('a long enough password');
    await form.getByRole('button', { name: 'Add user' }).click();
    await page.getByText('Added sam@example.com as viewer.').waitFor();
    const row = page.locator('tr[data-user="sam@example.com"]');
    await row.getByLabel('Role of sam@example.com').selectOption('csm');
    await page.waitForFunction(`document.querySelector('tr[data-user="sam@example.com"] select').value === 'csm'`);
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await row.getByText('deactivated').waitFor();
    await screenshot(page, '20-team');

    const response = await fetch(`${dashboard.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'sam@example.com', password: 'a long enough password' }),
    });
    assert.equal(response.status, 401);
  });

  it('creates an API key shown once, which works until revoked', async () => {
    const form = page.getByRole('form', { name: 'Create an API key' });
    await form.getByLabel('Scope').selectOption('read');
    await form.getByLabel('What it is for').fill('board deck');
    await form.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-key').textContent()) ?? '';
    assert.match(key, /^tnr_[0-9a-f]{12}_/);
    const call = () => fetch(`${dashboard.url}/api/v1/session`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal((await call()).status, 200);
    const prefix = key.split('_')[1] ?? '';
    await page.locator(`tr[data-key="${prefix}"]`).getByRole('button', { name: 'Revoke' }).click();
    await page
      .locator(`tr[data-key="${prefix}"]`)
      .getByText(/revoked/)
      .waitFor();
    assert.equal(await page.getByTestId('new-key').count(), 0, 'the key is no longer shown');
    assert.equal((await call()).status, 401);
  });

  it('uploads a CSV: a bad one names the file, line and field; a good one shows its result', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'accounts.csv');
    fs.writeFileSync(bad, 'id,name,employee_count\nnew-co,New Co,lots\n');
    await page.getByRole('link', { name: 'Imports' }).click();
    const form = page.getByRole('form', { name: 'Upload a file' });
    await form.getByLabel('Kind').selectOption('accounts');
    await form.getByLabel('File').setInputFiles(bad);
    await form.getByRole('button', { name: 'Import' }).click();
    assert.match((await page.getByTestId('import-error').textContent()) ?? '', /accounts\.csv:2.*employee_count/);
    const good = path.join(dir, 'new-accounts.csv');
    fs.writeFileSync(good, 'id,name,owner_csm\nnew-co,New Co,Dana Whitfield\n');
    await form.getByLabel('File').setInputFiles(good);
    await form.getByRole('button', { name: 'Import' }).click();
    assert.match((await page.getByTestId('import-result').textContent()) ?? '', /read 1, created 1/);
    await screenshot(page, '21-imports');
  });

  it('lists the writes in the audit log with who made them', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    const table = page.getByRole('table', { name: 'Audit log' });
    await table.waitFor();
    const text = (await table.textContent()) ?? '';
    for (const verb of [
      'user.add',
      'user.role',
      'user.deactivate',
      'apikey.create',
      'apikey.revoke',
      'import.csv:accounts',
    ]) {
      assert.ok(text.includes(verb), `${verb} in the audit log`);
    }
    assert.ok(text.includes('dana@example.com'));
    await page.getByLabel('What').fill('apikey.');
    await page.getByLabel('What').press('Enter');
    await page.waitForFunction(`!document.querySelector('[aria-label="Audit log"]').textContent.includes('user.add')`);
    await screenshot(page, '22-audit');
  });

  it("changes an account's owner, keeping the history", async () => {
    await page.goto('/accounts?q=New%20Co');
    await page.getByRole('cell', { name: 'New Co' }).click();
    const owner = page.getByLabel('Owner', { exact: true });
    await owner.waitFor();
    const history = page.getByRole('list', { name: 'Owner history' });
    assert.match((await history.textContent()) ?? '', /Dana Whitfield.*now/);
    await owner.selectOption({ label: 'Nobody' });
    await page.waitForFunction(`!document.querySelector('[aria-label="Owner history"]').textContent.includes('now')`);
    assert.equal(await history.locator('li').count(), 1, 'the stretch is closed; nobody is not an owner');
    assert.equal(await owner.inputValue(), '');
  });
});
