// The demo company read through the real revenue engine: retention, churn and growth in the bands a healthy
// B2B SaaS company shows, every movement kind present, and churn and expansion skewed the way CS expects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateLedger, computeLedger, metricsSeries, type RevenueMetrics } from '../revenue/index.ts';
import { lastDayOfMonth, formatDay, monthIndex } from '../period.ts';
import { generateDemo } from './generate.ts';
import type { DemoCompany, DemoProfile } from './types.ts';

const END = '2026-10';

function metricsOf(company: DemoCompany): { months: RevenueMetrics[]; t12m: RevenueMetrics[] } {
  const periods = company.periods.map((p, i) => ({
    id: i,
    accountId: p.account_external_id,
    subscriptionId: p.subscription_external_id,
    startOn: p.start_on,
    endOn: p.end_on,
    monthlyAmountMinor: p.monthly_amount_minor,
    currency: p.currency,
    plan: p.plan,
    quantity: p.quantity,
  }));
  const asOf = formatDay(lastDayOfMonth(monthIndex(END)));
  const ledger = computeLedger({ periods, fxRates: company.fxRates }, { asOf, reportingCurrency: 'USD' });
  const aggregate = aggregateLedger(ledger);
  return { months: metricsSeries(aggregate, 'month'), t12m: metricsSeries(aggregate, 't12m') };
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const share = (profiles: readonly DemoProfile[], test: (p: DemoProfile) => boolean) =>
  profiles.filter(test).length / profiles.length;
const churned = (p: DemoProfile) => p.events.some((e) => e.kind === 'churn');
const expanded = (p: DemoProfile) => p.events.some((e) => e.kind === 'expansion');

function inBand(name: string, value: number | null | undefined, low: number, high: number): void {
  assert.ok(
    value !== null && value !== undefined && value >= low && value <= high,
    `${name} ${value} in [${low}, ${high}]`,
  );
}

for (const seed of [1, 2, 3]) {
  describe(`the demo company of seed ${seed}, read by the revenue engine`, () => {
    const company = generateDemo({ seed, accounts: 2000, endMonth: END });
    const { months, t12m } = metricsOf(company);

    it('retains revenue like a healthy SaaS company: NRR 95–115%, GRR 85–95%, logo churn 1.5–3% a month', () => {
      const lastYear = t12m.at(-1);
      inBand('NRR (trailing 12 months)', lastYear?.nrr, 0.95, 1.15);
      inBand('GRR (trailing 12 months)', lastYear?.grr, 0.85, 0.95);
      const recent = months.slice(-24);
      inBand('mean monthly logo churn', mean(recent.map((m) => m.logoChurnRate ?? 0)), 0.015, 0.03);
    });

    it('has every movement kind, FX effects, and both currencies', () => {
      const total = (f: (m: RevenueMetrics) => number) => months.reduce((sum, m) => sum + f(m), 0);
      assert.equal(
        total((m) => m.newCustomers),
        company.accounts.length,
        'every account is new once',
      );
      assert.ok(total((m) => m.expansions) > 0, 'expansion');
      assert.ok(total((m) => m.contractions) > 0, 'contraction');
      assert.ok(total((m) => m.churnedCustomers) > 0, 'churn');
      assert.ok(total((m) => m.reactivations) > 0, 'reactivation');
      assert.ok(total((m) => Math.abs(m.fxMinor)) > 0, 'fx');
      inBand(
        'share of EUR accounts',
        share(company.profiles, (p) => p.currency === 'EUR'),
        0.15,
        0.25,
      );
    });

    it('grows: more new customers in the last year than in the first, and most churned accounts stay gone', () => {
      const newIn = (slice: RevenueMetrics[]) => slice.reduce((sum, m) => sum + m.newCustomers, 0);
      assert.ok(newIn(months.slice(-12)) > 1.5 * newIn(months.slice(0, 12)));
      const lost = company.profiles.filter(churned);
      inBand(
        'reactivated share of churned accounts',
        share(lost, (p) => p.events.some((e) => e.kind === 'reactivation')),
        0.03,
        0.12,
      );
    });

    it('skews churn to non-ICP and low-adoption accounts, and expansion to ICP and high-adoption ones', () => {
      const icp = new Set(company.accounts.filter((a) => a.icp_fit).map((a) => a.external_id));
      const [fits, misfits] = [true, false].map((b) => company.profiles.filter((p) => icp.has(p.external_id) === b));
      const low = company.profiles.filter((p) => p.adoptionLevel === 'low');
      const high = company.profiles.filter((p) => p.adoptionLevel === 'high');
      assert.ok(share(misfits!, churned) > 1.3 * share(fits!, churned), 'non-ICP churn more');
      assert.ok(share(low, churned) > 1.5 * share(high, churned), 'low adoption churns more');
      assert.ok(share(fits!, expanded) > 1.3 * share(misfits!, expanded), 'ICP expands more');
      assert.ok(share(high, expanded) > 1.5 * share(low, expanded), 'high adoption expands more');
    });
  });
}
