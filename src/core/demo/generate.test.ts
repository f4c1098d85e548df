// generateDemo: deterministic in its options, and every company it makes is well-formed data the store and
// the revenue engine accept, whatever the seed, size, end month or cut-off day.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dayOf, firstDayOfMonth, formatDay, lastDayOfMonth, monthIndex, monthKey } from '../period.ts';
import { SIZE_BANDS } from './catalog.ts';
import { generateDemo, DEMO_MONTHS, type DemoOptions } from './generate.ts';
import type { DemoCompany } from './types.ts';

describe('generateDemo determinism', () => {
  it('gives identical output for the same options, and different output for another seed', () => {
    const options = { seed: 7, accounts: 150, endMonth: '2025-06', cutoff: '2025-06-14' };
    const a = generateDemo(options);
    assert.deepEqual(generateDemo(options), a);
    const b = generateDemo({ ...options, seed: 8 });
    assert.notDeepEqual(b.accounts, a.accounts);
    assert.notDeepEqual(b.periods, a.periods);
    assert.notDeepEqual(b.fxRates, a.fxRates);
  });
});

function assertPeriodsWellFormed(company: DemoCompany): void {
  const accounts = new Map(company.accounts.map((a, i) => [a.external_id, company.profiles[i]]));
  const bySubscription = new Map<string, DemoCompany['periods']>();
  for (const p of company.periods) {
    const profile = accounts.get(p.account_external_id);
    assert.ok(profile, `period of unknown account ${p.account_external_id}`);
    assert.ok(p.end_on === null || p.end_on > p.start_on, `${p.subscription_external_id} ends after it starts`);
    assert.ok(Number.isSafeInteger(p.monthly_amount_minor) && p.monthly_amount_minor > 0, 'amount > 0, integer');
    assert.ok(Number.isSafeInteger(p.quantity) && p.quantity > 0, 'seats > 0, integer');
    assert.ok(p.currency === 'USD' || p.currency === 'EUR', `currency ${p.currency}`);
    assert.equal(p.currency, profile.currency, 'an account pays in one currency');
    assert.ok(p.start_on <= company.cutoff, `${p.subscription_external_id} starts by the cut-off`);
    const list = bySubscription.get(p.subscription_external_id) ?? [];
    bySubscription.set(p.subscription_external_id, [...list, p]);
  }
  for (const [id, list] of bySubscription) {
    assert.equal(new Set(list.map((p) => p.account_external_id)).size, 1, `${id} belongs to one account`);
    const sorted = [...list].sort((x, y) => (x.start_on < y.start_on ? -1 : 1));
    for (let i = 1; i < sorted.length; i++) {
      const before = sorted[i - 1]!.end_on;
      assert.ok(before !== null && before <= sorted[i]!.start_on, `${id}: periods do not overlap`);
    }
  }
}

/** An expansion raises the subscription's amount, a contraction lowers it, a plain renewal keeps it. */
function assertEventsMatchAmounts(events: DemoCompany['profiles'][number]['events']): void {
  const amounts = new Map<string, number>();
  for (const e of events) {
    const before = amounts.get(e.subscription_external_id);
    if (e.kind === 'expansion') assert.ok(before !== undefined && e.monthlyAmountMinor > before, 'expansion grows');
    if (e.kind === 'contraction') assert.ok(before !== undefined && e.monthlyAmountMinor < before, 'contraction');
    if (e.kind === 'renewal') assert.equal(e.monthlyAmountMinor, before, 'a plain renewal keeps the amount');
    if (e.kind === 'churn') assert.equal(e.monthlyAmountMinor, before, 'churn loses the amount paid');
    if (e.kind === 'start' || e.kind === 'reactivation') assert.equal(before, undefined, 'a new subscription');
    amounts.set(e.subscription_external_id, e.monthlyAmountMinor);
  }
}

function assertAccountsWellFormed(company: DemoCompany, options: DemoOptions): void {
  assert.equal(company.accounts.length, options.accounts);
  assert.equal(company.profiles.length, options.accounts);
  assert.equal(new Set(company.accounts.map((a) => a.external_id)).size, options.accounts, 'ids are unique');
  assert.equal(new Set(company.accounts.map((a) => a.name)).size, options.accounts, 'names are unique');
  const firstDay = formatDay(firstDayOfMonth(monthIndex(company.firstMonth)));
  company.accounts.forEach((account, i) => {
    const band = SIZE_BANDS.find((b) => b.label === account.size_band);
    assert.ok(band && account.employee_count >= band.minEmployees && account.employee_count <= band.maxEmployees);
    assert.equal(account.segment, band.segment);
    const profile = company.profiles[i]!;
    assert.equal(profile.external_id, account.external_id);
    const [start] = profile.events;
    assert.equal(start?.kind, 'start', 'the story begins with the first subscription');
    assert.ok(start.on >= firstDay && account.first_seen_on <= start.on, 'signed up before paying');
    assert.deepEqual(
      profile.events.map((e) => e.on),
      profile.events.map((e) => e.on).sort(),
      'events in date order',
    );
    assertEventsMatchAmounts(profile.events);
    const last = profile.events.filter((e) => e.kind !== 'renewal').at(-1);
    assert.equal(profile.status === 'churned', last?.kind === 'churn', 'churned exactly when the last change is churn');
  });
}

/** Every period starts on or after the first EUR rate, and every month from first to end has one. */
function assertFxCoversEveryMonth(company: DemoCompany): void {
  const days = new Set(company.fxRates.map((r) => r.day));
  for (let m = monthIndex(company.firstMonth); m <= monthIndex(company.endMonth); m++) {
    assert.ok(days.has(formatDay(firstDayOfMonth(m))), `an FX rate for ${monthKey(m)}`);
  }
  const firstRate = company.fxRates.map((r) => r.day).sort()[0]!;
  assert.ok(company.periods.every((p) => p.start_on >= firstRate));
  assert.ok(company.fxRates.every((r) => r.currency === 'EUR' && r.quote === 'USD' && r.rate > 0.8 && r.rate < 1.4));
}

const optionsArb = fc
  .record({
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    accounts: fc.integer({ min: 1, max: 80 }),
    end: fc.integer({ min: monthIndex('1995-01'), max: monthIndex('2060-12') }),
    cutoffDay: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  })
  .map(({ seed, accounts, end, cutoffDay }): DemoOptions => {
    const cutoff =
      cutoffDay === undefined ? undefined : formatDay(Math.min(firstDayOfMonth(end) + cutoffDay, lastDayOfMonth(end)));
    return { seed, accounts, endMonth: monthKey(end), cutoff };
  });

describe('generateDemo invariants', () => {
  it('makes well-formed accounts, periods and FX rates for any seed, size, end month and cut-off', () => {
    fc.assert(
      fc.property(optionsArb, (options) => {
        const company = generateDemo(options);
        assert.equal(monthIndex(company.endMonth) - monthIndex(company.firstMonth) + 1, DEMO_MONTHS);
        assert.ok(dayOf(company.cutoff) <= lastDayOfMonth(monthIndex(options.endMonth)));
        assertAccountsWellFormed(company, options);
        assertPeriodsWellFormed(company);
        assertFxCoversEveryMonth(company);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses options it cannot honour', () => {
    assert.throws(() => generateDemo({ seed: -1, accounts: 10, endMonth: '2025-01' }), /seed/);
    assert.throws(() => generateDemo({ seed: 1.5, accounts: 10, endMonth: '2025-01' }), /seed/);
    assert.throws(() => generateDemo({ seed: 1, accounts: 0, endMonth: '2025-01' }), /accounts/);
    assert.throws(() => generateDemo({ seed: 1, accounts: 10, endMonth: '2025-13' }), /month/);
    assert.throws(() => generateDemo({ seed: 1, accounts: 10, endMonth: '2025-01', cutoff: '2025-02-01' }), /cutoff/);
  });
});
