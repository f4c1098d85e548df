// Contracts derived from billing on both engines: the hand-computed fixture of test/fixtures/renewals/billing
// (subscription periods) gives exact rates by count and amount, its renewed and due amounts agree with the in-memory
// ledger's MRR × 12 before and after each due day, imported contracts win, and monthly plans are reported apart.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { renewalCsv } from '../src/cli/commands/report-renewals.ts';
import { monthOfDay, parseDay } from '../src/core/period.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { importFx } from '../src/services/import-fx.ts';
import { importStripe } from '../src/services/import-stripe.ts';
import { findContracts } from '../src/services/renewals/churn-reasons.ts';
import { importSubscriptions } from '../src/services/import-subscriptions.ts';
import { deriveContracts, monthlyPlanReport } from '../src/services/renewals/derive-contracts.ts';
import { importContracts } from '../src/services/renewals/import-contracts.ts';
import { renewalReport, renewalStatuses } from '../src/services/renewals/report.ts';
import { JOB_KINDS } from '../src/jobs/kinds.ts';
import { createRunner } from '../src/jobs/runner.ts';
import { currentLedger } from '../src/services/revenue.ts';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/types.ts';
import { runTenure, tempDir } from './helpers/cli.ts';
import { seedDataDir } from './helpers/pglite-image.ts';
import { engines, testContext } from './helpers/store.ts';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures', 'renewals', 'billing');
const SUBSCRIPTIONS = path.join(FIXTURES, 'subscriptions.csv');
const CONTRACTS = path.join(FIXTURES, 'contracts.csv');
const FX = path.join(FIXTURES, 'fx.csv');
const STRIPE_EXPORT = path.resolve(import.meta.dirname, 'fixtures', 'stripe', 'export.json');
const HEADER =
  'period,due,renewed,churned,excluded,pending,renewal_rate,due_amount,renewed_amount,renewal_amount_rate_gross,renewal_amount_rate_net';

// Worked by hand (as of 2026-06-30; ARR = 12 × monthly amount; EUR at 1.10):
// 2026-Q1, due on:
//   2026-01-01 flat        12,000 → 12,000 (sub_flat's next period)            renewed
//   2026-01-10 euro        EUR 12,000 = 13,200 → 13,200                         renewed
//   2026-01-15 churned      6,000, nothing within 30 days, 2026-02-14 passed    churned
//   2026-02-01 expanded    24,000 → 30,000                                      renewed
//   2026-02-15 gone         8,400, excluded ("out of business", set by import)  excluded
//   2026-03-01 contracted  36,000 → 28,800                                      renewed
//   2026-03-20 late        12,000 → 12,000 (sub_late2 starts 21 days after)     renewed
//   due 7, renewed 5, churned 1, excluded 1: rate 5/6 = 0.833333
//   base 12,000 + 13,200 + 6,000 + 24,000 + 36,000 + 12,000 = 103,200
//   renewed 12,000 + 13,200 + 30,000 + 28,800 + 12,000 = 96,000 → net 96,000/103,200 = 0.930233
//   gross 12,000 + 13,200 + 24,000 + 28,800 + 12,000 = 90,000 → 90,000/103,200 = 0.872093
// 2026-Q2, due on:
//   2026-04-01 multiyear   3-year term 15,000 → 18,000 (3-year again)           renewed
//   2026-04-15 early        9,600 → 10,800 (sub_early2 started 73 days before)  renewed
//   2026-05-01 coterm       main 6,000 and add-on 4,800 (6 months, co-termed) both renewed by 11,400, shared
//                           6,000/10,800 and 4,800/10,800: 6,333.33 and 5,066.67
//   2026-06-15 pending      9,000, grace until 2026-07-15                       pending
//   due 5, renewed 4, pending 1: rate 1; base 15,000 + 9,600 + 6,000 + 4,800 = 35,400
//   renewed 18,000 + 10,800 + 11,400 = 40,200 → net 40,200/35,400 = 1.135593; gross 35,400 → 1.000000
// 2026-Q3: IMP-1 (imported, 13,000, due 2026-07-01) pending; the derived term of sub_imp (same account, same days)
//   is left out: imported contracts win.
const Q1 = '2026-Q1,7,5,1,1,0,0.833333,103200.00,96000.00,0.872093,0.930233';
const Q2 = '2026-Q2,5,4,0,0,1,1.000000,35400.00,40200.00,1.000000,1.135593';
const Q3 = '2026-Q3,1,0,0,0,1,,0.00,0.00,,';
// The year: Q1 + Q2 + Q3 (no other due day in 2026): due 13, renewed 9, churned 1, excluded 1, pending 2;
// rate 9/10; base 138,600; renewed 136,200 (net 0.982684); gross 125,400 (0.904762).
const Y2026 = '2026,13,9,1,1,2,0.900000,138600.00,136200.00,0.904762,0.982684';

// Monthly plans (as of 2026-06-30): sub_mon 100/month from 2025-01-01 on; sub_mon2 200/month 2025-01-01 to
// 2026-02-01; sub_mon3 300/month 2025-06-01 to 2025-09-01. Due in a quarter: paying the day before it starts.
//   2025-Q2: mon, mon2 (ARR 1,200 + 2,400 = 3,600) both still paying on 06-30: 2 renewed
//   2025-Q3: mon, mon2, mon3 (7,200); mon3 ended 09-01: 2 renewed (3,600), 1 churned: 0.666667, amounts 0.5
//   2025-Q4: mon, mon2 renewed (3,600)
//   2026-Q1: mon renewed (1,200), mon2 ended 02-01 churned: base 3,600, renewed 1,200: 0.5, 0.333333
//   2026-Q2: mon renewed (1,200)
const MONTHLY = [
  HEADER,
  '2025-Q2,2,2,0,0,0,1.000000,3600.00,3600.00,1.000000,1.000000',
  '2025-Q3,3,2,1,0,0,0.666667,7200.00,3600.00,0.500000,0.500000',
  '2025-Q4,2,2,0,0,0,1.000000,3600.00,3600.00,1.000000,1.000000',
  '2026-Q1,2,1,1,0,0,0.500000,3600.00,1200.00,0.333333,0.333333',
  '2026-Q2,1,1,0,0,0,1.000000,1200.00,1200.00,1.000000,1.000000',
  '',
].join('\n');

/** The ledger's MRR of an account on a day (its as-of month's MRR: the MRR in force on that day). */
async function ledgerMrr(ctx: ServiceContext, accountId: number, day: string): Promise<number> {
  const ledger = await currentLedger({ ctx, asOf: day, accountIds: [accountId] });
  const month = monthOfDay(parseDay(day));
  let mrr = 0;
  for (const c of ledger.customers) {
    for (const span of c.history) if (span.startMonth <= month && month < span.endMonth) mrr += span.mrrMinor;
  }
  return mrr;
}

const dayBefore = (day: string) => new Date(parseDay(day) * 86_400_000 - 86_400_000).toISOString().slice(0, 10);

for (const engine of engines()) {
  describe(`contracts derived from billing (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    before(async () => {
      store = await engine.open();
      ctx = { ...testContext(store), now: () => new Date('2026-06-30T12:00:00Z') };
      await importFx({ ctx, input: { path: FX } });
      await importSubscriptions({ ctx, input: { path: SUBSCRIPTIONS } });
    });
    after(() => store.close());

    it('queues the derivation with the billing import, and derives every yearly term (co-termed add-on too)', async () => {
      const queued = await store.query(`SELECT 1 FROM jobs WHERE kind = 'contracts.derive' AND state = 'queued'`);
      assert.equal(queued.length, 1);
      // The job the import queued, run as a server's runner runs it.
      const runner = createRunner({ ctx, kinds: JOB_KINDS.filter((k) => k.kind === 'contracts.derive') });
      assert.deepEqual(await runner.runDue(), { ran: 1, succeeded: 1, failed: 0 });
      const [job] = await store.query<{ progress: { done: number; note: string } }>(
        `SELECT progress FROM jobs WHERE kind = 'contracts.derive'`,
      );
      // 21 period rows of yearly subscriptions (the add-on co-termed with sub_main's first term among them); the
      // three monthly plans make none.
      assert.deepEqual(job?.progress, {
        done: 21,
        note: '21 new, 0 updated, 0 removed, 0 covered by imported contracts',
      });
      const rows = await store.query<{ contract_id: string; end_on: string; arr_minor: number; auto_renew: boolean }>(
        `SELECT contract_id, end_on, arr_minor, auto_renew FROM contracts WHERE account_id =
           (SELECT id FROM accounts WHERE external_id = 'coterm') ORDER BY contract_id`,
      );
      assert.deepEqual(
        rows.map((r) => [r.contract_id, r.end_on, r.arr_minor, r.auto_renew]),
        [
          ['billing:sub_addon:2025-11-01', '2026-05-01', 480000, false],
          ['billing:sub_main:2025-05-01', '2026-05-01', 600000, true],
          ['billing:sub_main:2026-05-01', '2027-05-01', 1140000, false],
        ],
      );
      const again = await deriveContracts({ ctx });
      assert.deepEqual([again.created, again.updated, again.unchanged, again.removed], [0, 0, 21, 0]);
    });

    it('lets imported contracts win over derived ones of the same account and days, and keeps an exclusion', async () => {
      await importContracts({ ctx, input: { path: CONTRACTS } });
      const [derived] = await store.query(`SELECT 1 FROM contracts WHERE contract_id = 'billing:sub_imp:2025-07-01'`);
      assert.equal(derived, undefined, 'the imported IMP-1 replaced it at import time');
      const summary = await deriveContracts({ ctx });
      assert.deepEqual([summary.terms, summary.coveredByImported, summary.created], [21, 1, 0]);
      const [gone] = await store.query<{ exclusion_reason: string; source: string; start_on: string }>(
        `SELECT exclusion_reason, source, start_on FROM contracts WHERE contract_id = 'billing:sub_gone:2025-02-15'`,
      );
      // The import spelled it "Out of business": stored as the list spells it; the refresh kept it.
      assert.deepEqual(gone, { exclusion_reason: 'out of business', source: 'billing', start_on: '2025-02-15' });
    });

    it('gives the hand-computed rates by count and amount', async () => {
      const quarters = renewalCsv(await renewalReport({ ctx, asOf: '2026-06-30', interval: 'quarter' })).split('\n');
      assert.equal(quarters[0], HEADER);
      assert.deepEqual(quarters.slice(1, 4), [Q1, Q2, Q3]);
      const years = renewalCsv(await renewalReport({ ctx, asOf: '2026-06-30', interval: 'year' })).split('\n');
      assert.equal(
        years.find((l) => l.startsWith('2026,')),
        Y2026,
      );
    });

    it("agrees with the ledger's MRR × 12 before and after each due day", async () => {
      const outcomes = await renewalStatuses({ ctx, asOf: '2026-06-30' });
      const contracts = await store.query<{
        contract_id: string;
        account_id: number;
        start_on: string;
        source: string;
      }>(`SELECT contract_id, account_id, start_on, source FROM contracts`);
      const byId = new Map(contracts.map((c) => [c.contract_id, c]));
      // Renewals of one account due on one day (co-termed ones together), decided and derived from billing.
      const groups = new Map<
        string,
        { accountId: number; due: string; dueArr: number; renewed: number; by: string[] }
      >();
      for (const o of outcomes) {
        if (o.status !== 'renewed' || byId.get(o.contractId)?.source !== 'billing') continue;
        const key = `${o.accountId}:${o.dueDate}`;
        const g = groups.get(key) ?? { accountId: o.accountId, due: o.dueDate, dueArr: 0, renewed: 0, by: [] };
        g.dueArr += o.dueArrMinor;
        g.renewed += o.renewedArrMinor;
        g.by.push(...o.renewedBy);
        groups.set(key, g);
      }
      assert.equal(groups.size, 8, 'flat, euro, expanded, contracted, late, multiyear, early, coterm');
      let checked = 0;
      for (const g of groups.values()) {
        const starts = g.by.map((id) => byId.get(id)?.start_on ?? g.due).sort();
        // Before: the day before the due day, or before the first renewal contract started (early renewal).
        const beforeDay = dayBefore([g.due, ...starts].sort()[0] ?? g.due);
        // After: the due day, or the day the last renewal contract started (late renewal).
        const afterDay = [g.due, ...starts].sort().at(-1) ?? g.due;
        assert.equal(g.dueArr, 12 * (await ledgerMrr(ctx, g.accountId, beforeDay)), `due ${g.due} of ${g.accountId}`);
        assert.equal(g.renewed, 12 * (await ledgerMrr(ctx, g.accountId, afterDay)), `renewed ${g.due}`);
        checked++;
      }
      assert.equal(checked, 8);
    });

    it('reports monthly plans apart, never in the term-contract rates', async () => {
      const report = await monthlyPlanReport({ ctx, asOf: '2026-06-30', interval: 'quarter' });
      assert.equal(renewalCsv(report), MONTHLY);
    });
  });
}

describe('tenure report renewals on contracts derived from billing (CLI)', () => {
  it('prints the rates of derived contracts; --plans monthly apart', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const env = { TENURE_REPORTING_CURRENCY: 'USD' };
    // The imports and the derivation in this process (each CLI run costs half a minute on a busy machine; the job
    // itself is run by a runner above).
    seedDataDir(dataDir);
    const store = await openStore({ dataDir });
    try {
      const ctx = testContext(store);
      await importFx({ ctx, input: { path: FX } });
      await importSubscriptions({ ctx, input: { path: SUBSCRIPTIONS } });
      await importContracts({ ctx, input: { path: CONTRACTS } });
      await deriveContracts({ ctx });
    } finally {
      await store.close();
    }
    const args = ['report', 'renewals', '--format', 'csv', '--interval', 'quarter', '--as-of', '2026-06-30'];
    const report = runTenure([...args, '--data-dir', dataDir], env);
    assert.equal(report.status, 0, report.stderr);
    assert.deepEqual(report.stdout.split('\n').slice(0, 4), [HEADER, Q1, Q2, Q3]);
    const monthly = runTenure([...args, '--plans', 'monthly', '--data-dir', dataDir], env);
    assert.equal(monthly.stdout, MONTHLY, monthly.stderr);
  });
});

describe('contracts derived from a Stripe export', () => {
  it("makes an annual plan's terms contracts; cancel at period end: no auto-renewal, the churn reason from Stripe", async () => {
    const [engine] = engines();
    assert.ok(engine);
    const store = await engine.open();
    try {
      const ctx = { ...testContext(store), now: () => new Date('2025-12-31T12:00:00Z') };
      await importStripe({ ctx, input: { file: STRIPE_EXPORT } });
      const summary = await deriveContracts({ ctx });
      assert.equal(summary.churnReasons, 1);
      const { items } = await findContracts({ ctx, filter: { limit: 100, offset: 0 } });
      // sub_globex: billed yearly since 2023-06-01, current period 2025-06-01 to 2026-06-01, canceled at its end
      // ("Moving to an in-house tool", feedback switched_service). The export holds the invoice of the current period
      // only, and an invoiced subscription counts from its invoices: the earlier terms show no paid service, so they
      // make no contract. The other subscriptions are monthly.
      assert.deepEqual(
        items.map((c) => [c.contractId, c.startDate, c.endDate, c.autoRenew, c.source, c.subscriptionId]),
        [['billing:sub_globex:2025-06-01', '2025-06-01', '2026-06-01', false, 'billing', 'sub_globex']],
      );
      const last = items.at(-1);
      assert.deepEqual(
        [last?.churnReason?.reason, last?.churnReason?.notes, last?.churnReason?.source],
        ['switched to a different service', 'Moving to an in-house tool', 'stripe'],
      );
      // Its invoice is unpaid: the ledger counts it through the 30 days of grace after its due day (2025-07-01),
      // the contract still runs to the end of the term signed. ARR: the ledger's MRR on the last paid day × 12.
      const mrr = await ledgerMrr(ctx, last?.accountId ?? 0, '2025-07-01');
      assert.ok(mrr > 0);
      assert.equal(await ledgerMrr(ctx, last?.accountId ?? 0, '2025-07-02'), 0);
      assert.equal(last?.arrMinor, 12 * mrr, "the term's ARR is the ledger's MRR × 12");
      assert.equal(last?.currency, 'USD');
    } finally {
      await store.close();
    }
  });
});
