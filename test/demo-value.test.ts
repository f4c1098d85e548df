// The demo's value reports: its value metrics are defined from the demo catalog (as an admin would), its company is
// named, and a demo account's value report carries each metric as the account's events × the multiplier.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDemo } from '../src/services/demo.ts';
import { DEMO_COMPANY_NAME, DEMO_VALUE_METRICS } from '../src/services/demo-value.ts';
import { valueReport } from '../src/services/value/report.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/types.ts';
import { testContext } from './helpers/store.ts';

const AS_OF = '2026-11-22';

describe('demo value reports', () => {
  let store: Store;
  let ctx: ServiceContext;
  before(async () => {
    store = await openStore({ memory: true });
    ctx = { ...testContext(store), now: () => new Date(`${AS_OF}T12:00:00Z`) };
    await loadDemo({ ctx, seed: 3, accounts: 60, asOf: AS_OF });
  });
  after(() => store.close());

  it("shows the demo's value metrics, from the account's own events, under the demo company's name", async () => {
    // The account that created the most reports in the last full quarter (Q3 2026).
    const [top] = await store.query<{ account_id: number; events: number }>(
      `SELECT account_id, sum(events)::int AS events FROM usage_daily
        WHERE feature = 'report_created' AND day BETWEEN '2026-07-01' AND '2026-09-30'
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
    );
    assert.ok(top && top.events > 0, 'some demo account created reports in Q3 2026');
    const report = await valueReport({ ctx, accountId: top.account_id });
    assert.equal(report.period.from, '2026-07');
    assert.equal(report.company.name, DEMO_COMPANY_NAME);
    assert.deepEqual(report.valueMetrics.map((v) => v.name).sort(), DEMO_VALUE_METRICS.map((m) => m.name).sort());
    const reporting = report.valueMetrics.find((v) => v.name === 'Hours saved on reporting');
    assert.equal(reporting?.events, top.events);
    assert.equal(reporting?.value, top.events * 0.5);
    assert.equal(reporting?.unit, 'h');
  });

  it('records the definitions as an admin’s would be, in the audit log', async () => {
    const rows = await store.query<{ target: string }>(
      `SELECT target FROM audit_log WHERE verb = 'value_metric.add' ORDER BY id`,
    );
    assert.deepEqual(
      rows.map((r) => r.target),
      DEMO_VALUE_METRICS.map((m) => `value_metric:${m.name}`),
    );
  });
});
