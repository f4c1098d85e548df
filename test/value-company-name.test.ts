// Who a value report is from, on each engine: the value settings' company name, else TENURE_COMPANY_NAME, else no
// name at all (the header is the account's name and "Value report"; the email subject is neutral) — never Tenure's.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.ts';
import type { ServiceContext } from '../src/services/context.ts';
import {
  getValueSettings,
  setValueSettings,
  valueReport,
  valueReportHtml,
  valueReportPdf,
} from '../src/services/value/report.ts';
import { reportMessage } from '../src/services/value/send.ts';
import { listMigrations, splitStatements } from '../src/store/migrate.ts';
import type { Store } from '../src/store/types.ts';
import { engines, testContext } from './helpers/store.ts';
import { addCatalog, addCustomer, addDailyUsage } from './helpers/value.ts';

const NOW = new Date('2026-10-15T10:00:00Z');
const LINK = { url: 'https://cs.example.com/r/x', expiresAt: '2026-11-14T10:00:00.000Z' };

describe('TENURE_COMPANY_NAME', () => {
  it('is read once, trimmed; unset or blank is no name; too long is refused', () => {
    assert.equal(loadConfig({ TENURE_COMPANY_NAME: '  Brightline Software ' }).companyName, 'Brightline Software');
    assert.equal(loadConfig({ TENURE_COMPANY_NAME: '  ' }).companyName, undefined);
    assert.equal(loadConfig({}).companyName, undefined);
    assert.throws(
      () => loadConfig({ TENURE_COMPANY_NAME: 'x'.repeat(201) }),
      /TENURE_COMPANY_NAME must be at most 200/,
    );
  });
});

for (const engine of engines()) {
  describe(`the company a value report is from (${engine.name})`, () => {
    let store: Store;
    let acme: number;
    const ctxWith = (companyName?: string): ServiceContext => ({
      ...testContext(store, { companyName }),
      now: () => NOW,
    });
    before(async () => {
      store = await engine.open();
      await addCatalog(store);
      acme = await addCustomer(store, 'acme-n', { name: 'Acme Named' });
      await addDailyUsage(store, acme, '2026-07-05', 2, 'report_generated');
    });
    after(() => store.close());

    it('names no sender when neither the settings nor the environment give a name', async () => {
      const ctx = ctxWith();
      assert.equal((await getValueSettings(ctx)).companyName, '');
      const model = await valueReport({ ctx, accountId: acme });
      assert.equal(model.company.name, '');
      const html = valueReportHtml(model);
      assert.ok(!html.includes('class="company"'), 'no company line in the header');
      assert.match(html, /<h1>Value report: Acme Named<\/h1>/);
      assert.doesNotMatch(html, /tenure/i);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-company-'));
      const pdf = path.join(dir, 'r.pdf');
      fs.writeFileSync(pdf, await valueReportPdf(model));
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
      assert.match(text, /^Value report: Acme Named/);
      assert.doesNotMatch(text, /tenure/i);
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      assert.doesNotMatch(info, /^Author:.*tenure/im);
      fs.rmSync(dir, { recursive: true });
      const mail = reportMessage(model, LINK);
      assert.equal(mail.subject, `Your value report, ${model.period.label}`);
      assert.match(mail.text, /Here is what Acme Named achieved in /);
      assert.doesNotMatch(mail.text + mail.subject, /tenure/i);
    });

    it('takes TENURE_COMPANY_NAME, which keeps applying when other settings change', async () => {
      const ctx = ctxWith('Brightline Software');
      const model = await valueReport({ ctx, accountId: acme });
      assert.equal(model.company.name, 'Brightline Software');
      assert.match(valueReportHtml(model), /<div class="company">Brightline Software<\/div>/);
      assert.equal(reportMessage(model, LINK).subject, `Brightline Software: your value report, ${model.period.label}`);
      await setValueSettings({ ctx, input: { brandColor: '#225588' } });
      assert.equal((await getValueSettings(ctxWith('Renamed Co'))).companyName, 'Renamed Co');
      assert.equal((await getValueSettings(ctxWith())).brandColor, '#225588');
    });

    it('lets the value settings’ name win over the environment', async () => {
      await setValueSettings({ ctx: ctxWith(), input: { companyName: 'Northwind Analytics' } });
      const model = await valueReport({ ctx: ctxWith('Brightline Software'), accountId: acme });
      assert.equal(model.company.name, 'Northwind Analytics');
    });

    it('drops the old stored default "Tenure" on migration, and only that', async () => {
      const statement = splitStatements(listMigrations().find((m) => m.version === 26)?.sql ?? '').find((s) =>
        s.startsWith('UPDATE settings'),
      );
      assert.ok(statement, 'migration 0026 has the settings update');
      const put = (name: string) =>
        store.execute(
          `UPDATE settings SET value = jsonb_set(value, '{companyName}', $1::jsonb) WHERE key = 'value_reports'`,
          [JSON.stringify(name)],
        );
      await put('Tenure');
      await store.execute(statement);
      assert.equal((await getValueSettings(ctxWith('Brightline Software'))).companyName, 'Brightline Software');
      assert.equal((await getValueSettings(ctxWith())).brandColor, '#225588');
      await put('Tenure Analytics Ltd');
      await store.execute(statement);
      assert.equal((await getValueSettings(ctxWith())).companyName, 'Tenure Analytics Ltd');
    });
  });
}
