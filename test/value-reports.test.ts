// Value reports on each engine: figures from a hand-built world (outcomes measured from usage or recorded by hand,
// usage growth, a value metric, similar customers), and the PDF read back with pdftotext carries the page's figures.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { reportView, viewFigures } from '../src/core/value/view.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { addValueMetric, recordOutcomeValue } from '../src/services/value/metrics.ts';
import { setValueSettings, valueReport, valueReportHtml, valueReportPdf } from '../src/services/value/report.ts';
import type { Store } from '../src/store/types.ts';
import { engines, testContext } from './helpers/store.ts';
import { addCatalog, addCustomer, addDailyUsage, addHandoff, addMilestones } from './helpers/value.ts';

const NOW = new Date('2026-10-15T10:00:00Z');
const squash = (s: string) => s.replace(/\s+/g, '');

for (const engine of engines()) {
  describe(`value reports (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    let acme: number;
    before(async () => {
      store = await engine.open();
      ctx = { ...testContext(store), now: () => NOW };
      await addCatalog(store);
      acme = await addCustomer(store, 'acme', { name: 'Acme 株式会社' });
      await addDailyUsage(store, acme, '2026-05-03', 1, 'report_generated');
      await addDailyUsage(store, acme, '2026-07-05', 3, 'report_generated', 2);
      await addDailyUsage(store, acme, '2026-08-01', 1, 'dashboard_shared');
      await addDailyUsage(store, acme, '2026-09-10', 6, 'report_generated', 20);
      await addDailyUsage(store, acme, '2026-10-02', 9, 'report_generated', 50);
      await addHandoff(store, acme);
      await addMilestones(store, acme);
      for (let i = 1; i <= 5; i++) {
        const peer = await addCustomer(store, `peer${i}`);
        await addDailyUsage(store, peer, '2026-07-02', 2, 'report_generated');
        await addDailyUsage(store, peer, '2026-09-02', i, 'report_generated');
      }
      const other = await addCustomer(store, 'other', { segment: 'Enterprise' });
      await addDailyUsage(store, other, '2026-09-02', 50, 'report_generated');
      await addValueMetric({
        ctx,
        input: { name: 'Hours saved', feature: 'report_generated', multiplier: 0.5, unit: 'h' },
      });
      await recordOutcomeValue({
        ctx,
        accountId: acme,
        input: { metric: 'Days to close the books', value: 6, recordedOn: '2026-09-20' },
      });
      await recordOutcomeValue({
        ctx,
        accountId: acme,
        input: { metric: 'days to close the books', value: 4, recordedOn: '2026-10-05' },
      });
      await setValueSettings({ ctx, input: { companyName: 'Northwind Analytics', brandColor: '#aa3300' } });
    });
    after(() => store.close());

    it('states the last full quarter, outcomes against baseline and target, usage growth and value', async () => {
      const m = await valueReport({ ctx, accountId: acme });
      assert.deepEqual([m.period.firstDay, m.period.lastDay], ['2026-07-01', '2026-09-30']);
      const [reports, days] = m.outcomes;
      // 3×2 + 6×20 = 126 events over 92 days = 13.14 weeks.
      assert.equal(reports?.now, 9.59);
      assert.equal(reports?.progressPct, 94.9);
      assert.equal(reports?.status, 'in progress');
      assert.match(reports?.source ?? '', /Reports generated.*average per week/);
      // The reading after the period's end is not used; the lower target counts as progress downwards.
      assert.equal(days?.now, 6);
      assert.equal(days?.progressPct, 85.7);
      assert.match(days?.source ?? '', /Recorded .* 2026-09-20/);
      assert.deepEqual(
        [m.usage.activeUsersStart, m.usage.activeUsersEnd, m.usage.activeUserGrowthPct, m.usage.featuresUsed],
        [3, 6, 100, 2],
      );
      assert.deepEqual(m.usage.featuresAdopted, ['Dashboard shared']);
      assert.deepEqual([m.usage.milestonesCompleted, m.usage.milestonesTotal], [1, 2]);
      assert.deepEqual(
        m.valueMetrics.map((v) => [v.name, v.events, v.value]),
        [['Hours saved', 126, 63]],
      );
      assert.ok(m.peers.shown);
      assert.equal(m.peers.count, 5);
      const end = m.peers.rows[0];
      assert.deepEqual([end?.customer, end?.median, end?.percentile], [6, 3, 100]);
      assert.equal(m.company.name, 'Northwind Analytics');
    });

    it('says there are not enough similar customers below the minimum, and names none of them', async () => {
      await setValueSettings({ ctx, input: { minPeers: 6 } });
      const m = await valueReport({ ctx, accountId: acme });
      await setValueSettings({ ctx, input: { minPeers: 5 } });
      assert.equal(m.peers.shown, false);
      const html = valueReportHtml(m);
      assert.match(html, /Not enough similar customers/);
      assert.ok(!html.includes('peer1') && !html.includes('Customer peer'));
    });

    it('refuses a minimum below 5 similar customers: fewer would nearly reveal single customers', async () => {
      await assert.rejects(setValueSettings({ ctx, input: { minPeers: 4 } }), /minPeers/);
      await assert.rejects(setValueSettings({ ctx, input: { brandColor: 'red' } }), {
        message: 'value report settings: field "brandColor" expected a colour #RRGGBB, found "red"',
      });
      assert.equal((await valueReport({ ctx, accountId: acme })).peers.count, 5);
    });

    it('carries the same figures in the PDF (read back with pdftotext) as on the HTML page', async () => {
      const m = await valueReport({ ctx, accountId: acme, from: '2026-07', to: '2026-09' });
      const html = valueReportHtml(m);
      const pdf = await valueReportPdf(m);
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'value-'));
      const file = path.join(dir, 'r.pdf');
      fs.writeFileSync(file, pdf);
      const text = squash(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
      fs.rmSync(dir, { recursive: true });
      const figures = viewFigures(reportView(m));
      assert.ok(figures.length >= 15, `only ${figures.length} figures`);
      for (const f of figures) {
        assert.ok(squash(html).includes(squash(f)), `page lacks ${f}`);
        assert.ok(text.includes(squash(f)), `PDF lacks ${f}`);
      }
      for (const words of ['Northwind Analytics'.toUpperCase(), 'Acme 株式会社', '9.59', '63 h', '2026-07-01']) {
        assert.ok(text.includes(squash(words)), `PDF lacks ${words}`);
      }
      assert.ok(!/<script/i.test(html) && !/href=/i.test(html) && !/src=/i.test(html));
      assert.match(html, /#aa3300/);
    });

    it('refuses a bad period clearly', async () => {
      await assert.rejects(valueReport({ ctx, accountId: acme, from: '2026-09', to: '2026-07' }), /after its end/);
      await assert.rejects(valueReport({ ctx, accountId: acme, from: '2026-13', to: '2026-14' }), /YYYY-MM/);
      await assert.rejects(valueReport({ ctx, accountId: acme, from: '2020-01', to: '2026-09' }), /at most 36/);
    });
  });
}
