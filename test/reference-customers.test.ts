// Reference customers on a hand-built book, dated from today so the CLI (which reads the real clock) sees the same:
// only accounts that are promoters, green, highly adopted and paying long enough are listed, each with why; the
// "Ask for a reference" template installs, gives the owner one task, none twice, and closes it when the account
// stops qualifying; the API and `tenure reference-customers --format csv` list the same accounts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ReferenceListView, PlaybookTemplateListView } from '../src/contract/reference-customers.ts';
import { buildApp } from '../src/http/app.ts';
import type { App } from '../src/http/types.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { importFeatures } from '../src/services/features.ts';
import { evaluatePlaybooks } from '../src/services/playbooks/evaluate.ts';
import { listTasks } from '../src/services/playbooks/tasks.ts';
import { installPlaybookTemplate } from '../src/services/playbooks/templates.ts';
import { referenceCustomers } from '../src/services/reference-customers.ts';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/types.ts';
import { addAccount, addPeriod, addUsage, CATALOG } from './helpers/adoption.ts';
import { runTenure, tempDir } from './helpers/cli.ts';
import { testContext } from './helpers/store.ts';

const TODAY = new Date().toISOString().slice(0, 10);
const monthsAgo = (n: number) => {
  const d = new Date(`${TODAY.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 10);
};
const daysAgo = (n: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

interface Spec {
  since: number;
  until?: number;
  nps: number[];
  band: 'red' | 'yellow' | 'green' | null;
  used: boolean;
  owner?: string;
}

/** Each account with what makes it (not) a candidate; REF and LEE qualify with the default 12 months. */
const BOOK: Record<string, Spec> = {
  REF: { since: 14, nps: [10], band: 'green', used: true },
  LEE: { since: 30, nps: [9], band: 'green', used: true, owner: 'Lee' },
  NEWER: { since: 9, nps: [10], band: 'green', used: true },
  PASSIVE: { since: 20, nps: [8], band: 'green', used: true },
  FLIPPED: { since: 20, nps: [10, 5], band: 'green', used: true },
  YELLOW: { since: 20, nps: [10], band: 'yellow', used: true },
  UNSCORED: { since: 20, nps: [10], band: null, used: true },
  IDLE: { since: 20, nps: [10], band: 'green', used: false },
  GONE: { since: 20, until: 2, nps: [10], band: 'green', used: true },
};

async function buildBook(store: Store, ctx: ServiceContext): Promise<Record<string, number>> {
  await importFeatures({ ctx, input: { text: CATALOG, name: 'features.csv' } });
  await store.execute(
    `INSERT INTO users (email, name, role, password_hash) VALUES ('dana@example.com', 'Dana', 'csm', 'x')`,
  );
  await store.execute(`INSERT INTO surveys (name, kind) VALUES ('NPS', 'nps')`);
  const ids: Record<string, number> = {};
  for (const [key, spec] of Object.entries(BOOK)) {
    const id = await addAccount(store, key, `${key} Inc`, { ownerCsm: spec.owner ?? 'Dana' });
    ids[key] = id;
    const end = spec.until === undefined ? {} : { end: monthsAgo(spec.until) };
    // Two contiguous periods: the paid stretch is joined across them.
    await addPeriod(store, id, {
      id: `${key}-1`,
      start: monthsAgo(spec.since),
      end: monthsAgo(spec.since - 1),
      mrrMinor: 10_000,
      plan: 'Basic',
      quantity: 1,
    });
    await addPeriod(store, id, {
      id: `${key}-2`,
      start: monthsAgo(spec.since - 1),
      ...end,
      mrrMinor: 10_000 + id,
      plan: 'Basic',
      quantity: 1,
    });
    for (const [i, score] of spec.nps.entries()) {
      await store.execute(
        `INSERT INTO survey_responses (response_id, survey_id, kind, score, responded_at, account_id, source)
         SELECT $1, id, 'nps', $2, $3, $4, 'test' FROM surveys`,
        [`${key}-${i}`, score, `${daysAgo(40 - i * 10)}T10:00:00Z`, id],
      );
    }
    if (spec.band)
      await store.execute(
        `INSERT INTO health_scores (account_id, day, scorecard, score, band, measures, scored_at)
         VALUES ($1, $2, 'default', $3, $4, '{}'::jsonb, now())`,
        [id, daysAgo(1), spec.band === 'green' ? 85 : 55, spec.band],
      );
    if (spec.used)
      await addUsage(
        store,
        ['report_created', 'report_exported', 'user_invited'].map((feature) => ({
          accountId: id,
          day: daysAgo(2),
          user: 'u1',
          feature,
        })),
      );
  }
  await store.execute(`UPDATE accounts SET owner_user_id = (SELECT id FROM users) WHERE owner_csm = 'Dana'`);
  return ids;
}

describe('reference customers', () => {
  const dataDir = path.join(tempDir(), 'data');
  let store: Store;
  let ctx: ServiceContext;
  let ids: Record<string, number>;
  let app: App;
  const keys = { read: '', write: '' };
  before(async () => {
    store = await openStore({ dataDir });
    ctx = testContext(store);
    ids = await buildBook(store, ctx);
    app = await buildApp({ ctx, checkResponses: true });
    await app.ready();
    keys.read = (await createApiKey({ ctx, scope: 'read' })).key;
    keys.write = (await createApiKey({ ctx, scope: 'write' })).key;
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  it('lists the promoters that are green, highly adopted and customers for 12 months, each with why', async () => {
    const list = await referenceCustomers({ ctx });
    assert.equal(list.minTenureMonths, 12);
    assert.deepEqual(list.items.map((c) => c.accountId).sort(), ['LEE', 'REF']);
    const ref = list.items.find((c) => c.accountId === 'REF');
    assert.equal(ref?.tenureMonths, 14);
    assert.equal(ref?.paidSince, monthsAgo(14).slice(0, 7));
    assert.deepEqual(ref?.reasons, [
      `promoter: NPS 10 on ${daysAgo(40)}`,
      'healthy: health green (85)',
      'highly adopted: adoption high (feature usage 100%)',
      `customer for 14 months (since ${monthsAgo(14).slice(0, 7)})`,
    ]);
    const shorter = await referenceCustomers({ ctx, minTenureMonths: 6 });
    assert.deepEqual(shorter.items.map((c) => c.accountId).sort(), ['LEE', 'NEWER', 'REF']);
    assert.deepEqual(
      (await referenceCustomers({ ctx, owner: 'Lee' })).items.map((c) => c.accountId),
      ['LEE'],
    );
  });

  it('serves the same list over the API, refusing a bad minimum', async () => {
    const auth = { authorization: `Bearer ${keys.read}` };
    const res = await app.inject({ url: '/api/v1/reference-customers?min_tenure_months=6', headers: auth });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res
        .json<ReferenceListView>()
        .items.map((c) => c.accountId)
        .sort(),
      ['LEE', 'NEWER', 'REF'],
    );
    const bad = await app.inject({ url: '/api/v1/reference-customers?min_tenure_months=-1', headers: auth });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(bad.body, /min_tenure_months/);
  });

  it('installs "Ask for a reference": one task for the owner, none twice, closed when the account stops qualifying', async () => {
    const read = { authorization: `Bearer ${keys.read}` };
    const write = { authorization: `Bearer ${keys.write}` };
    let templates = (
      await app.inject({ url: '/api/v1/playbooks/templates', headers: read })
    ).json<PlaybookTemplateListView>();
    assert.deepEqual(
      templates.items.map((t) => [t.key, t.installed]),
      [['ask-for-reference', false]],
    );
    const missing = await app.inject({
      method: 'POST',
      url: '/api/v1/playbooks/templates/nope/install',
      headers: write,
    });
    assert.equal(missing.statusCode, 404, missing.body);
    const installed = await app.inject({
      method: 'POST',
      url: '/api/v1/playbooks/templates/ask-for-reference/install',
      headers: write,
    });
    assert.equal(installed.statusCode, 200, installed.body);
    assert.deepEqual(installed.json(), { created: ['Ask for a reference'], updated: [] });
    templates = (
      await app.inject({ url: '/api/v1/playbooks/templates', headers: read })
    ).json<PlaybookTemplateListView>();
    assert.equal(templates.items[0]?.installed, true);

    const [first] = await evaluatePlaybooks({ ctx });
    assert.deepEqual([first?.matched, first?.created, first?.skipped], [2, 1, 1], 'LEE’s owner is not a Tenure user');
    let tasks = await listTasks({ ctx, query: { status: 'open' } });
    assert.deepEqual(
      tasks.map((t) => [t.accountId, t.title, t.assignee, t.playbook]),
      [['REF', 'Ask for a reference', 'dana@example.com', 'Ask for a reference']],
    );
    const [second] = await evaluatePlaybooks({ ctx });
    assert.equal(second?.created, 0);
    // REF answers 6: no longer a promoter, so its open ask closes.
    await store.execute(
      `INSERT INTO survey_responses (response_id, survey_id, kind, score, responded_at, account_id, source)
       SELECT 'REF-late', id, 'nps', 6, $1, $2, 'test' FROM surveys`,
      [`${daysAgo(1)}T10:00:00Z`, ids.REF],
    );
    const [third] = await evaluatePlaybooks({ ctx });
    assert.equal(third?.closed, 1);
    tasks = await listTasks({ ctx, query: { status: 'closed_auto' } });
    assert.deepEqual(
      tasks.map((t) => t.accountId),
      ['REF'],
    );
    // Installing again replaces the playbook; its tasks stay.
    await installPlaybookTemplate({ ctx, key: 'ask-for-reference' });
    assert.equal((await listTasks({ ctx, query: {} })).length, 1);
  });

  it('prints the candidates as CSV with `tenure reference-customers --format csv`', async () => {
    await app.close();
    await store.close();
    const out = runTenure([
      'reference-customers',
      '--format',
      'csv',
      '--min-tenure-months',
      '6',
      '--data-dir',
      dataDir,
    ]);
    assert.equal(out.status, 0, out.stderr);
    const lines = out.stdout.trim().split('\n');
    assert.equal(
      lines[0],
      'account_id,name,owner,mrr,nps,nps_on,health_score,feature_usage_rate,tenure_months,paid_since,why',
    );
    assert.deepEqual(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
      ['LEE', 'NEWER'],
    );
    const bad = runTenure(['reference-customers', '--min-tenure-months', 'x', '--data-dir', dataDir]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--min-tenure-months must be a whole number/);
    const negative = runTenure(['reference-customers', '--min-tenure-months', '-1', '--data-dir', dataDir]);
    assert.equal(negative.status, 2);
    assert.match(negative.stderr, /--min-tenure-months must be a whole number of months from 0 to 600, found "-1"/);
    store = await openStore({ dataDir });
    app = await buildApp({ ctx: testContext(store) });
  });
});
