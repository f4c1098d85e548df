import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { FeatureDefinition } from '../core/adoption/catalog.ts';
import { rollUp, type RollupEvent } from './rollup.ts';

const feature = (key: string, event: string, propertyFilter = {}): FeatureDefinition => ({
  key,
  name: key,
  module: 'm',
  event,
  propertyFilter,
  plans: [],
  milestoneDays: null,
});
const catalog = [feature('export', 'Exported'), feature('export_pdf', 'Exported', { format: 'pdf' })];

const event = (fields: Partial<RollupEvent>): RollupEvent => ({
  type: 'track',
  event: 'Exported',
  accountId: 1,
  userKey: 'u',
  occurredAt: Date.UTC(2025, 5, 1, 23, 59, 59),
  properties: {},
  ...fields,
});

describe('rollUp', () => {
  it('counts events per account, UTC day, user and every matching feature', () => {
    const rows = rollUp(
      [
        event({ properties: { format: 'pdf' } }),
        event({}),
        event({ occurredAt: Date.UTC(2025, 5, 2) }),
        event({ event: 'Login', userKey: 'anon:a' }),
        event({ type: 'page', event: '$page' }),
        event({ type: 'identify', event: null }),
        event({ accountId: null }),
      ],
      catalog,
    );
    assert.deepEqual(rows, [
      { account_id: 1, day: '2025-06-01', user_key: 'anon:a', feature: 'event:Login', events: 1 },
      { account_id: 1, day: '2025-06-01', user_key: 'u', feature: 'event:$page', events: 1 },
      { account_id: 1, day: '2025-06-01', user_key: 'u', feature: 'export', events: 2 },
      { account_id: 1, day: '2025-06-01', user_key: 'u', feature: 'export_pdf', events: 1 },
      { account_id: 1, day: '2025-06-02', user_key: 'u', feature: 'export', events: 1 },
    ]);
  });

  it('adds up to the matching features of every usage event with an account, whatever the grouping', () => {
    const arb = fc.record({
      type: fc.constantFrom('track', 'page', 'identify'),
      event: fc.constantFrom('Exported', 'Login', '$page'),
      accountId: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
      userKey: fc.constantFrom('u1', 'u2', 'anon:x'),
      occurredAt: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2025, 0, 5) }),
      properties: fc.constantFrom({}, { format: 'pdf' }, { format: 'csv' }),
    });
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 60 }), (events) => {
        const rows = rollUp(events, catalog);
        const total = rows.reduce((n, r) => n + r.events, 0);
        const expected = events
          .filter((e) => e.accountId !== null && e.type !== 'identify')
          .reduce((n, e) => n + (e.event === 'Exported' ? (e.properties.format === 'pdf' ? 2 : 1) : 1), 0);
        const keys = rows.map((r) => `${r.account_id}|${r.day}|${r.user_key}|${r.feature}`);
        return total === expected && new Set(keys).size === keys.length && rows.every((r) => r.events > 0);
      }),
    );
  });
});
