// Churn reasons (API and CSV import), the admin list of exclusion reasons, the contracts API, and the renewal
// checkpoints (renewal.due, renewal.closed) with a fixed clock, on both engines, over the hand-computed fixture of
// test/fixtures/renewals (A-1 renewed, D-1 churned, P-1 pending as of 2026-06-30, X-1 excluded).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ContractList, ContractView, ExclusionReasonList } from '../src/contract/contracts.ts';
import { buildApp } from '../src/http/app.ts';
import type { App } from '../src/http/types.ts';
import { JOB_KINDS } from '../src/jobs/kinds.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { importFx } from '../src/services/import-fx.ts';
import { importChurnReasons } from '../src/services/renewals/churn-reasons.ts';
import { sendRenewalCheckpoints } from '../src/services/renewals/checkpoints.ts';
import { importContracts } from '../src/services/renewals/import-contracts.ts';
import { createUser } from '../src/services/users.ts';
import { addEndpoint } from '../src/services/webhooks/endpoints.ts';
import { EVENT_TYPES } from '../src/services/webhooks/events.ts';
import type { Store } from '../src/store/types.ts';
import { bearer, emailOf, PASSWORD, signIn } from './helpers/http.ts';
import { countRows, rejectsWith } from './helpers/import.ts';
import { engines, testContext } from './helpers/store.ts';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures', 'renewals');
const CONTRACTS = path.join(FIXTURES, 'contracts.csv');
const FX = path.join(FIXTURES, 'fx.csv');

for (const engine of engines()) {
  describe(`churn reasons, exclusion reasons and contracts API (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    let app: App;
    let write: Record<string, string>;
    let read: Record<string, string>;
    let admin: Record<string, string>;
    let csm: Record<string, string>;
    before(async () => {
      store = await engine.open();
      ctx = { ...testContext(store), now: () => new Date('2026-06-30T12:00:00Z') };
      await importFx({ ctx, input: { path: FX } });
      await importContracts({ ctx, input: { path: CONTRACTS } });
      write = bearer((await createApiKey({ ctx, scope: 'write' })).key);
      read = bearer((await createApiKey({ ctx, scope: 'read' })).key);
      for (const role of ['admin', 'csm'] as const) {
        await createUser({ ctx, email: emailOf(role), password: PASSWORD, role });
      }
      app = await buildApp({ ctx, checkResponses: true });
      await app.ready();
      const session = async (role: 'admin' | 'csm') => {
        const s = await signIn(app, role);
        return { cookie: s.cookie, 'x-csrf-token': s.csrfToken };
      };
      admin = await session('admin');
      csm = await session('csm');
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    it('sets the churn reason of a lost renewal in the app; refuses a renewed or unknown contract', async () => {
      const put = (id: string, payload: Record<string, unknown>, headers = write) =>
        app.inject({ method: 'PUT', url: `/api/v1/renewals/${id}/churn-reason`, payload, headers });
      const set = await put('D-1', { reason: 'Budget cut', notes: 'CFO froze all new spend' });
      assert.equal(set.statusCode, 200, set.body);
      const view = set.json<ContractView>();
      assert.equal(view.contractId, 'D-1');
      assert.deepEqual(
        { reason: view.churnReason?.reason, notes: view.churnReason?.notes, source: view.churnReason?.source },
        { reason: 'Budget cut', notes: 'CFO froze all new spend', source: 'app' },
      );
      const renewed = await put('A-1', { reason: 'Budget cut' });
      assert.equal(renewed.statusCode, 409, renewed.body);
      assert.match(
        renewed.json<{ detail: string }>().detail,
        /Contract A-1 renewed: a churn reason is for a lost renewal/,
      );
      assert.equal((await put('NOPE-9', { reason: 'x' })).statusCode, 404);
      assert.equal((await put('D-1', { reason: '' })).statusCode, 400);
      assert.equal((await put('D-1', { reason: 'x', extra: 1 })).statusCode, 400);
      assert.equal((await put('D-1', { reason: 'x' }, read)).statusCode, 403);
      const [audit] = await store.query<{ verb: string; target: string }>(
        `SELECT verb, target FROM audit_log WHERE verb = 'renewal.churn-reason'`,
      );
      assert.deepEqual(audit, { verb: 'renewal.churn-reason', target: 'contract:D-1' });
    });

    it('imports churn reasons all or nothing, naming line and field; a re-import changes nothing', async () => {
      const bad = 'contract_id,reason,notes\nP-1,Switched to a competitor,\nA-1,Too expensive,\n';
      await rejectsWith(
        importChurnReasons({ ctx, input: { text: bad, name: 'reasons.csv' } }),
        'reasons.csv:3: field "contract_id" expected a contract whose renewal was lost (this one renewed), found "A-1"',
      );
      await rejectsWith(
        importChurnReasons({ ctx, input: { text: 'contract_id,reason\nZZ-1,Gone\n', name: 'reasons.csv' } }),
        'reasons.csv:2: field "contract_id" expected the contract_id of a stored contract, found "ZZ-1"',
      );
      await rejectsWith(
        importChurnReasons({ ctx, input: { text: 'contract_id,reason\nP-1,\n', name: 'reasons.csv' } }),
        'reasons.csv:2: field "reason" expected a value',
      );
      await rejectsWith(
        importChurnReasons({ ctx, input: { text: 'contract_id,reason\nP-1,a\nP-1,b\n', name: 'reasons.csv' } }),
        'reasons.csv:3: field "contract_id" expected a key not used before in the file (line 2 has it too)',
      );
      assert.deepEqual(await countRows(store, 'contract_churn_reasons'), { contract_churn_reasons: 1 });
      const good = 'contract_id,reason,notes\nP-1,Switched to a competitor,Chose a bundled suite\nD-1,Budget cut,\n';
      const summary = await importChurnReasons({ ctx, input: { text: good, name: 'reasons.csv' } });
      assert.deepEqual(
        [summary.kind, summary.read, summary.created, summary.updated, summary.unchanged],
        [
          'csv:churn-reasons',
          2,
          1,
          1, // D-1: its notes cleared, its source now csv
          0,
        ],
      );
      const again = await importChurnReasons({ ctx, input: { text: good, name: 'reasons.csv' } });
      assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 2]);
      // Churn reasons are no billing data: the jobs queued are the FX import's, queued once (2026-06-30 clock).
      const queued = await store.query<{ kind: string }>(
        `SELECT kind FROM jobs WHERE kind IN ('revenue.refresh', 'contracts.derive') ORDER BY kind`,
      );
      assert.deepEqual(
        queued.map((j) => j.kind),
        ['contracts.derive', 'revenue.refresh'],
      );
      await store.execute(`DELETE FROM jobs WHERE kind IN ('revenue.refresh', 'contracts.derive')`);
      await importChurnReasons({ ctx, input: { text: good.replace('Budget cut', 'Budget cuts'), name: 'r.csv' } });
      assert.deepEqual(
        await store.query(`SELECT 1 FROM jobs WHERE kind IN ('revenue.refresh', 'contracts.derive')`),
        [],
      );
    });

    it('lists contracts by account and due days, and one by its contract_id with its churn reason', async () => {
      const list = await app.inject({
        method: 'GET',
        url: '/api/v1/contracts?endingFrom=2026-01-01&endingBefore=2026-03-01',
        headers: read,
      });
      assert.equal(list.statusCode, 200, list.body);
      const page = list.json<ContractList>();
      // Due in January and February 2026: A-1, B-1, C-1 (02-01), D-1 (02-10), by due day.
      assert.deepEqual(
        page.items.map((c) => [c.contractId, c.endDate]),
        [
          ['A-1', '2026-01-01'],
          ['B-1', '2026-01-15'],
          ['C-1', '2026-02-01'],
          ['D-1', '2026-02-10'],
        ],
      );
      assert.equal(page.total, 4);
      const accountId = page.items.find((c) => c.contractId === 'A-1')?.accountId ?? 0;
      const mine = (
        await app.inject({ method: 'GET', url: `/api/v1/contracts?accountId=${accountId}`, headers: read })
      ).json<ContractList>();
      assert.deepEqual(
        mine.items.map((c) => c.contractId),
        ['A-1', 'A-2'],
      );
      const one = await app.inject({ method: 'GET', url: '/api/v1/contracts/P-1', headers: read });
      assert.equal(one.statusCode, 200, one.body);
      const p1 = one.json<ContractView>();
      assert.deepEqual(
        [p1.accountExternalId, p1.arrMinor, p1.currency, p1.source, p1.churnReason?.reason, p1.churnReason?.source],
        ['pending', 900000, 'USD', 'csv', 'Switched to a competitor', 'csv'],
      );
      assert.equal((await app.inject({ method: 'GET', url: '/api/v1/contracts/NOPE', headers: read })).statusCode, 404);
      const backwards = await app.inject({
        method: 'GET',
        url: '/api/v1/contracts?endingFrom=2026-03-01&endingBefore=2026-01-01',
        headers: read,
      });
      assert.equal(backwards.statusCode, 400);
      const badDay = await app.inject({ method: 'GET', url: '/api/v1/contracts?endingFrom=2026-02-30', headers: read });
      assert.equal(badDay.statusCode, 400);
    });

    it('lets admins edit the exclusion reasons, which the contracts import then checks', async () => {
      const url = '/api/v1/renewals/exclusion-reasons';
      const listed = await app.inject({ method: 'GET', url, headers: admin });
      assert.equal(listed.statusCode, 200, listed.body);
      assert.deepEqual(listed.json<ExclusionReasonList>().items, [
        'acquired',
        'bankrupt',
        'billing migration',
        'duplicate contract',
        'out of business',
      ]);
      assert.equal((await app.inject({ method: 'GET', url, headers: csm })).statusCode, 403);
      assert.equal((await app.inject({ method: 'GET', url, headers: write })).statusCode, 403);
      const added = await app.inject({
        method: 'POST',
        url,
        headers: admin,
        payload: { reason: '  Merged into  parent ' },
      });
      assert.equal(added.statusCode, 201, added.body);
      assert.ok(added.json<ExclusionReasonList>().items.includes('Merged into parent'));
      const twice = await app.inject({
        method: 'POST',
        url,
        headers: admin,
        payload: { reason: 'merged into parent' },
      });
      assert.equal(twice.statusCode, 409, twice.body);
      assert.equal((await app.inject({ method: 'POST', url, headers: csm, payload: { reason: 'x' } })).statusCode, 403);

      const lines = fs.readFileSync(CONTRACTS, 'utf8').split('\n');
      lines[7] = 'D-1,churned,2025-02-10,2026-02-10,5000,USD,no,30,merged into parent';
      const ok = await importContracts({ ctx, input: { text: lines.join('\n'), name: 'contracts.csv' } });
      assert.equal(ok.updated, 1);
      const [d1] = await store.query<{ exclusion_reason: string }>(
        `SELECT exclusion_reason FROM contracts WHERE contract_id = 'D-1'`,
      );
      assert.equal(d1?.exclusion_reason, 'Merged into parent');

      const removed = await app.inject({
        method: 'DELETE',
        url: `${url}/${encodeURIComponent('Merged into parent')}`,
        headers: admin,
      });
      assert.equal(removed.statusCode, 204, removed.body);
      const gone = await app.inject({ method: 'DELETE', url: `${url}/merged%20into%20parent`, headers: admin });
      assert.equal(gone.statusCode, 404);
      await rejectsWith(
        importContracts({ ctx, input: { text: lines.join('\n'), name: 'contracts.csv' } }),
        'contracts.csv:8: field "exclusion_reason" expected empty or an exclusion reason on the list (acquired, bankrupt, billing migration, duplicate contract, out of business; admins edit it), found "merged into parent"',
      );
      const audit = await store.query<{ verb: string }>(
        `SELECT verb FROM audit_log WHERE verb LIKE 'renewal.exclusion-reason.%' ORDER BY id`,
      );
      assert.deepEqual(
        audit.map((a) => a.verb),
        ['renewal.exclusion-reason.add', 'renewal.exclusion-reason.remove'],
      );
    });
  });

  describe(`renewal checkpoints (${engine.name})`, () => {
    let store: Store;
    let day = '2025-12-01';
    let ctx: ServiceContext;
    before(async () => {
      store = await engine.open();
      ctx = { ...testContext(store), now: () => new Date(`${day}T06:30:00Z`) };
      await importFx({ ctx, input: { path: FX } });
      await importContracts({ ctx, input: { path: CONTRACTS } });
      await addEndpoint({ ctx, url: 'http://127.0.0.1:9/hooks', events: ['renewal.due', 'renewal.closed'] });
    });
    after(() => store.close());

    const events = async (type: string) =>
      (await store.query<{ body: string }>(`SELECT body FROM webhook_events WHERE type = $1 ORDER BY id`, [type])).map(
        (e) => JSON.parse(e.body) as { timestamp: string; data: Record<string, unknown> },
      );
    const sent = async (type: string) => (await events(type)).map((e) => [e.data.contractId, e.data.daysBefore]);

    it('is a daily job kind, and both events are listed', () => {
      const kind = JOB_KINDS.find((k) => k.kind === 'renewal.checkpoints');
      assert.equal(kind?.schedule, '30 6 * * *');
      assert.ok(JOB_KINDS.some((k) => k.kind === 'contracts.derive'));
      assert.ok('renewal.due' in EVENT_TYPES && 'renewal.closed' in EVENT_TYPES);
    });

    it('sends renewal.due at the nearest checkpoint passed and renewal.closed once decided, each once', async () => {
      // 2025-12-01: the nine contracts with a renewal contract already are renewed (closed); D-1 is 71 days away
      // (the 90-day checkpoint); P-1 196 days (none yet); X-1 excluded; the renewal contracts over 180 days away.
      assert.deepEqual(await sendRenewalCheckpoints({ ctx }), { due: 1, closed: 9 });
      assert.deepEqual(await sent('renewal.due'), [['D-1', 90]]);
      const [due] = await events('renewal.due');
      assert.equal(due?.timestamp, '2025-12-01T06:30:00.000Z');
      assert.deepEqual(
        [due?.data.dueDate, due?.data.daysLeft, due?.data.arrMinor, due?.data.currency, due?.data.accountExternalId],
        ['2026-02-10', 71, 500000, 'USD', 'churned'],
      );
      const closed = await events('renewal.closed');
      assert.deepEqual(closed.map((e) => e.data.contractId).sort(), [
        'A-1',
        'B-1',
        'C-1',
        'E-1',
        'F-1',
        'G-1',
        'H-1',
        'K-1',
        'K-2',
      ]);
      assert.deepEqual(
        [closed[0]?.data.status, closed.find((e) => e.data.contractId === 'K-1')?.data.renewedBy],
        ['renewed', ['K-3']],
      );
      // The same day again: nothing new.
      assert.deepEqual(await sendRenewalCheckpoints({ ctx }), { due: 0, closed: 0 });
      // 2026-01-12: D-1 29 days away (30-day checkpoint), P-1 154 (180-day).
      day = '2026-01-12';
      assert.deepEqual(await sendRenewalCheckpoints({ ctx }), { due: 2, closed: 0 });
      // 2026-03-13: D-1's grace ended on 2026-03-12: churned, closed. P-1 is 94 days away: no checkpoint passed.
      day = '2026-03-13';
      assert.deepEqual(await sendRenewalCheckpoints({ ctx }), { due: 0, closed: 1 });
      // 2026-03-17: P-1 90 days away.
      day = '2026-03-17';
      assert.deepEqual(await sendRenewalCheckpoints({ ctx }), { due: 1, closed: 0 });
      assert.deepEqual(await sent('renewal.due'), [
        ['D-1', 90],
        ['D-1', 30],
        ['P-1', 180],
        ['P-1', 90],
      ]);
      const churned = (await events('renewal.closed')).at(-1);
      assert.deepEqual([churned?.data.contractId, churned?.data.status], ['D-1', 'churned']);
      assert.deepEqual(await countRows(store, 'renewal_checkpoints'), { renewal_checkpoints: 14 });
    });

    it('sends no renewal.closed for renewals long closed when their contracts are imported late', async () => {
      day = '2026-11-30';
      const old =
        'contract_id,account_id,start_date,end_date,arr,currency,auto_renew,notice_days,exclusion_reason\n' +
        'OLD-1,old,2022-01-01,2023-01-01,1000,USD,no,,\n';
      await importContracts({ ctx, input: { text: old, name: 'old.csv' } });
      const result = await sendRenewalCheckpoints({ ctx });
      assert.equal(
        (await events('renewal.closed')).some((e) => e.data.contractId === 'OLD-1'),
        false,
      );
      // Nothing closed in the last 60 days (P-1 churned on 2026-07-16, before the window: a daily run sent it then).
      // Due within 180 days: F-2 (20 days: the 30-day checkpoint), A-2, B-2, C-2 (90), G-2, E-2, K-3 (180).
      assert.deepEqual(result, { due: 7, closed: 0 });
    });
  });
}
