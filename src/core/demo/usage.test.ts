import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { includedInPlan } from '../adoption/catalog.ts';
import { dayOf, formatDay } from '../period.ts';
import { generateDemo } from './generate.ts';
import type { DemoProfile, LifecycleEvent } from './types.ts';
import { DEMO_FEATURES, demoAccountUsage, demoUsage, demoUsageSpans, growthBefore, stateOn } from './usage.ts';

const CUTOFF = '2026-06-15';
const END = dayOf(CUTOFF);

function event(kind: LifecycleEvent['kind'], on: string, seats: number, plan = 'Growth'): LifecycleEvent {
  return {
    kind,
    on,
    month: on.slice(0, 7),
    subscription_external_id: 's',
    plan,
    seats,
    billing: 'monthly',
    monthlyAmountMinor: seats * 3900,
    atRenewal: false,
  };
}

function profile(id: string, propensity: number, events: LifecycleEvent[]): DemoProfile {
  const level = propensity < 0.35 ? 'low' : propensity < 0.65 ? 'mid' : 'high';
  const status = events.at(-1)?.kind === 'churn' ? 'churned' : 'active';
  return {
    external_id: id,
    fit: propensity,
    adoptionPropensity: propensity,
    adoptionLevel: level,
    currency: 'USD',
    anchorDay: 1,
    events,
    status,
  };
}

/** Distinct (day, user) pairs in [from, to). */
function userDays(rows: readonly { day: string; user_key: string }[], from: number, to: number): number {
  return new Set(rows.filter((r) => dayOf(r.day) >= from && dayOf(r.day) < to).map((r) => `${r.day}|${r.user_key}`))
    .size;
}

describe('demo usage', () => {
  it('has a catalog of 25 features in 6 modules, richer plans including more, with onboarding milestones', () => {
    assert.equal(DEMO_FEATURES.length, 25);
    assert.equal(new Set(DEMO_FEATURES.map((f) => f.module)).size, 6);
    assert.equal(new Set(DEMO_FEATURES.map((f) => f.key)).size, 25);
    const included = (plan: string) => DEMO_FEATURES.filter((f) => includedInPlan(f, plan)).length;
    const counts = ['Starter', 'Growth', 'Business', 'Enterprise'].map(included);
    assert.deepEqual(
      [...counts].sort((a, b) => a - b),
      counts,
    );
    assert.ok(counts[0]! < counts[3]! && counts[3] === 25);
    assert.ok(DEMO_FEATURES.some((f) => f.milestoneDays === 30) && DEMO_FEATURES.some((f) => f.milestoneDays === 90));
  });

  it('uses the product only while paying, within the seats bought, deterministically', () => {
    const company = generateDemo({ seed: 5, accounts: 150, endMonth: '2026-06', cutoff: CUTOFF });
    const batches = [...demoUsage(company)];
    assert.deepEqual(batches, [...demoUsage(company)]);
    let rows = 0;
    for (const [i, batch] of batches.entries()) {
      const p = company.profiles[i]!;
      const keys = new Set<string>();
      const usersByDay = new Map<string, Set<string>>();
      for (const r of batch) {
        rows++;
        assert.equal(r.account_external_id, p.external_id);
        assert.ok(r.day <= CUTOFF && r.events > 0);
        const state = stateOn(p.events, dayOf(r.day));
        assert.ok(state !== null, `${p.external_id} used the product on ${r.day} without paying`);
        const key = `${r.day}|${r.user_key}|${r.feature}`;
        assert.ok(!keys.has(key), `duplicate rollup ${key}`);
        keys.add(key);
        usersByDay.set(r.day, (usersByDay.get(r.day) ?? new Set()).add(r.user_key));
        assert.ok(usersByDay.get(r.day)!.size <= state.seats, `${p.external_id} has more users than seats on ${r.day}`);
      }
    }
    assert.ok(rows > 1000, `only ${rows} rollup rows`);
    const spans = demoUsageSpans(CUTOFF);
    assert.deepEqual(
      spans.map(([a, b]) => [formatDay(a), formatDay(b)]),
      [['2025-02-16', '2026-06-15']],
    );
  });

  it('fades in the months before a churn, and high-propensity accounts use more of the product', () => {
    const start = event('start', '2025-01-01', 40);
    const churnDay = formatDay(END - 5);
    let before = 0;
    let staying = 0;
    let wideHigh = 0;
    let wideLow = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const churning = demoAccountUsage(seed, profile('c', 0.5, [start, event('churn', churnDay, 40)]), CUTOFF);
      const loyal = demoAccountUsage(seed, profile('c', 0.5, [start]), CUTOFF);
      before += userDays(churning, END - 33, END - 5);
      staying += userDays(loyal, END - 33, END - 5);
      const features = (rows: { feature: string }[]) => new Set(rows.map((r) => r.feature)).size;
      wideHigh += features(demoAccountUsage(seed, profile('h', 0.9, [start]), CUTOFF));
      wideLow += features(demoAccountUsage(seed, profile('h', 0.15, [start]), CUTOFF));
    }
    assert.ok(before < 0.7 * staying, `user-days before churn ${before} vs ${staying} for the same account staying`);
    assert.ok(wideHigh > 2 * wideLow, `features used: high propensity ${wideHigh}, low ${wideLow}`);
  });

  it('fills the seats before an expansion and tries the next plan before an upgrade', () => {
    const start = event('start', '2025-01-01', 40);
    const expandsOn = formatDay(END - 5);
    let before = 0;
    let steady = 0;
    let beyond = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const events = [start, event('expansion', expandsOn, 60, 'Business')];
      const growing = demoAccountUsage(seed, profile('g', 0.4, events), CUTOFF);
      const flat = demoAccountUsage(seed, profile('g', 0.4, [start]), CUTOFF);
      before += userDays(growing, END - 35, END - 5);
      steady += userDays(flat, END - 35, END - 5);
      beyond += growing.filter(
        (r) =>
          dayOf(r.day) < END - 5 &&
          !includedInPlan(
            DEMO_FEATURES.find((f) => f.key === r.feature)!,
            'Growth',
          ),
      ).length;
    }
    assert.ok(before > 1.3 * steady, `user-days before an expansion ${before} vs ${steady} for the same account`);
    assert.ok(beyond > 0, 'no feature of the next plan tried before the upgrade');
    const events = [start, event('expansion', '2026-03-31', 60, 'Business')];
    assert.deepEqual(growthBefore(events, dayOf('2025-12-01')), { pull: 0, plan: null });
    assert.deepEqual(growthBefore(events, dayOf('2026-03-01')), { pull: 1 - 30 / 90, plan: 'Business' });
  });
});
