// The adoption commands end to end through the real CLI on an embedded store in a temporary directory.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openStore } from '../src/store/open.ts';
import { addUsage, daysBetween } from './helpers/adoption.ts';
import { runTenure, tempDir } from './helpers/cli.ts';

const CATALOG = [
  'key,name,module,event,properties,plans,milestone_days',
  'report_created,Report created,reports,Report Created,,,30',
  'export_pdf,PDF export,reports,Report Exported,format=pdf,Pro,',
  'sso,SSO,admin,SSO Configured,,Pro,',
].join('\n');

const SUBSCRIPTIONS = [
  'subscription_id,customer_id,start_date,end_date,monthly_amount,plan,quantity',
  's1,acme,2026-01-01,,100.00,Basic,2',
  's2,birch,2026-01-01,,300.00,Pro,10',
].join('\n');

describe('tenure features and report adoption', () => {
  it('imports the catalog all-or-nothing, lists it, reviews unknown events and reports adoption', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const file = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const tenure = (...args: string[]) => runTenure(['--data-dir', data, ...args]);

    const bad = tenure('features', 'import', file('bad.csv', `${CATALOG}\nbroken,Broken,admin,X,,,45\n`));
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /bad\.csv:5: field "milestone_days" expected 30, 90 or empty, found "45"/);
    assert.equal(
      (JSON.parse(tenure('features', 'list', '--format', 'json').stdout) as unknown[]).length,
      0,
      'nothing written',
    );

    const ok = tenure('features', 'import', file('features.csv', CATALOG));
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /3 features read, 3 created/);
    const listed = JSON.parse(tenure('features', 'list', '--format', 'json').stdout) as { key: string }[];
    assert.deepEqual(listed.map((f) => f.key).sort(), ['export_pdf', 'report_created', 'sso']);
    assert.equal(tenure('import', 'subscriptions', file('subs.csv', SUBSCRIPTIONS)).status, 0);

    const store = await openStore({ dataDir: data });
    try {
      const ids = await store.query<{ id: number; external_id: string }>(`SELECT id, external_id FROM accounts`);
      const id = (ext: string) => ids.find((r) => r.external_id === ext)!.id;
      await addUsage(store, [
        ...daysBetween('2026-03-02', '2026-03-31').map((day) => ({
          accountId: id('acme'),
          day,
          user: 'a1',
          feature: 'report_created',
        })),
        { accountId: id('acme'), day: '2026-03-05', user: 'a2', feature: 'event:Search', events: 4 },
      ]);
    } finally {
      await store.close();
    }

    const review = tenure('features', 'review', '--format', 'csv');
    assert.equal(review.stdout.split('\n')[1], 'Search,4,1,1,2026-03-05');

    const csv = tenure('report', 'adoption', '--format', 'csv', '--as-of', '2026-03-31');
    assert.equal(csv.status, 0, csv.stderr);
    const [header, ...lines] = csv.stdout.trim().split('\n');
    const columns = header!.split(',');
    const rows = lines.map(
      (l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i], v])) as Record<string, string>,
    );
    // Acme: 2 users of 2 seats, Basic includes report_created only, used → 100% and 100%: high.
    assert.deepEqual(
      rows.map((r) => [r.account, r.level, r.feature_usage_rate, r.seat_utilization, r.active_users]),
      [
        ['acme', 'high', '1.000000', '1.000000', '2'],
        ['birch', 'low', '0.000000', '0.000000', '0'],
      ],
    );
    assert.equal(rows[0]!.expansion_signal, 'yes'); // every seat in use

    const byPlan = tenure('report', 'adoption', '--by', 'plan', '--format', 'json', '--as-of', '2026-03-31');
    const groups = (JSON.parse(byPlan.stdout) as { groups: { group: string; high: number }[] }).groups;
    assert.deepEqual(
      groups.map((g) => [g.group, g.high]),
      [
        ['Basic', 1],
        ['Pro', 0],
      ],
    );
    const retention = tenure('report', 'adoption-retention', '--as-of', '2026-03-31');
    assert.equal(retention.status, 0, retention.stderr);
    assert.match(retention.stdout, /level\s+customers/);

    assert.equal(tenure('report', 'adoption', '--by', 'colour').status, 2);
    assert.equal(tenure('report', 'adoption', '--window-days', 'x').status, 2);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
