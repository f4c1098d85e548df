// The demo's contracts: made from its annual subscriptions (the ARR of a plain annual term is 12 × the monthly
// amount its subscription paid on the term's last day), with multi-year terms, early and late renewals, exclusions
// and churn reasons; the renewals report on the demo has renewals of every status.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoContracts } from '../src/core/demo/contracts.ts';
import { generateDemo } from '../src/core/demo/index.ts';
import { addMonthsToDay, dayOf, formatDay } from '../src/core/period.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { loadDemo } from '../src/services/demo.ts';
import { deriveContracts, monthlyPlanReport } from '../src/services/renewals/derive-contracts.ts';
import { renewalReport, renewalStatuses } from '../src/services/renewals/report.ts';
import type { Store } from '../src/store/types.ts';
import { memoryStore, testContext } from './helpers/store.ts';

const AS_OF = '2026-11-22';
const OPTIONS = { seed: 5, accounts: 300, endMonth: '2026-10' };

describe('demo contracts (pure)', () => {
  const company = generateDemo(OPTIONS);
  const { contracts, churnReasons } = demoContracts(company);

  it('is deterministic by seed', () => {
    assert.deepEqual(demoContracts(generateDemo(OPTIONS)), { contracts, churnReasons });
  });

  it('follows the annual subscriptions: plain terms bill 12 × their last monthly amount for 12 months', () => {
    assert.ok(contracts.length > 20, `${contracts.length} contracts`);
    let plain = 0;
    for (const c of contracts) {
      const start = dayOf(c.start_on);
      const end = dayOf(c.end_on);
      if (addMonthsToDay(start, 12) !== end) continue;
      const periods = company.periods.filter(
        (p) =>
          p.subscription_external_id === c.subscription_external_id &&
          dayOf(p.start_on) <= end - 1 &&
          (p.end_on === null || dayOf(p.end_on) > end - 1),
      );
      // A term moved early or late has no period starting on its start: only the ones on the billing dates.
      if (
        !company.periods.some(
          (p) => p.subscription_external_id === c.subscription_external_id && p.start_on === c.start_on,
        )
      ) {
        continue;
      }
      assert.equal(periods.length, 1, c.contract_id);
      assert.equal(c.arr_minor, 12 * (periods[0]?.monthly_amount_minor ?? 0), c.contract_id);
      assert.equal(c.currency, periods[0]?.currency);
      plain++;
    }
    assert.ok(plain > contracts.length / 2, `${plain} plain terms of ${contracts.length}`);
  });

  it('has multi-year terms, early and late renewals, exclusions and churn reasons', () => {
    const years = (c: (typeof contracts)[number]) => Math.round((dayOf(c.end_on) - dayOf(c.start_on)) / 365.25);
    assert.ok(
      contracts.some((c) => years(c) >= 2),
      'multi-year',
    );
    const bySubscription = new Map<string, typeof contracts>();
    for (const c of contracts)
      bySubscription.set(c.subscription_external_id, [...(bySubscription.get(c.subscription_external_id) ?? []), c]);
    let early = 0;
    let late = 0;
    for (const list of bySubscription.values()) {
      for (let i = 1; i < list.length; i++) {
        const gap = dayOf(list[i]?.start_on ?? '') - dayOf(list[i - 1]?.end_on ?? '');
        if (gap < 0) early++;
        if (gap > 0 && gap <= 30) late++;
      }
    }
    assert.ok(early > 0 && late > 0, `early ${early}, late ${late}`);
    assert.ok(contracts.some((c) => c.exclusion_reason === 'out of business' || c.exclusion_reason === 'acquired'));
    assert.ok(churnReasons.length > 0);
    const ids = new Set(contracts.map((c) => c.contract_id));
    assert.ok(churnReasons.every((r) => ids.has(r.contract_id)));
    assert.ok(contracts.every((c) => formatDay(dayOf(c.end_on)) === c.end_on && c.end_on > c.start_on));
  });
});

describe('demo contracts (loaded)', () => {
  let store: Store;
  let ctx: ServiceContext;
  before(async () => {
    store = await memoryStore();
    ctx = { ...testContext(store), now: () => new Date(`${AS_OF}T12:00:00Z`) };
    await loadDemo({ ctx, ...OPTIONS, asOf: AS_OF });
  });
  after(() => store.close());

  it('has renewals due, renewed, churned, excluded and pending in the renewals report', async () => {
    const report = await renewalReport({ ctx, asOf: AS_OF, interval: 'year' });
    const sum = (key: 'due' | 'renewed' | 'churned' | 'excluded' | 'pending') =>
      report.rows.reduce((n, r) => n + r[key], 0);
    for (const key of ['due', 'renewed', 'churned', 'excluded', 'pending'] as const) {
      assert.ok(sum(key) > 0, `${key}: ${sum(key)}`);
    }
    const statuses = await renewalStatuses({ ctx, asOf: AS_OF });
    const [reasons] = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM contract_churn_reasons`);
    assert.ok(Number(reasons?.n) > 0);
    // Every churn reason is on a renewal that was lost (churned or pending), never a renewed one.
    const renewed = new Set(statuses.filter((s) => s.status === 'renewed').map((s) => s.contractId));
    const onRenewed = await store.query<{ contract_id: string }>(`SELECT contract_id FROM contract_churn_reasons`);
    assert.equal(onRenewed.filter((r) => renewed.has(r.contract_id)).length, 0);
  });

  it('derives no contract from the demo billing (its contracts are its own), and reports monthly plans apart', async () => {
    const summary = await deriveContracts({ ctx });
    assert.equal(summary.terms, 0);
    const monthly = await monthlyPlanReport({ ctx, asOf: AS_OF, interval: 'year' });
    const due = monthly.rows.reduce((n, r) => n + r.due, 0);
    assert.ok(due > 0 && monthly.rows.some((r) => r.churned > 0));
    // An annual subscription (it has a contract) is never a monthly plan.
    const [annual] = await store.query<{ n: number }>(
      `SELECT count(DISTINCT subscription_external_id)::int AS n FROM contracts WHERE source = 'demo'`,
    );
    assert.ok(Number(annual?.n) > 0);
  });
});
