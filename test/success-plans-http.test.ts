// The handoff file and success plan routes: round trip, errors as 4xx naming the field, the portfolio filter.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../src/http/app.ts';
import type { App } from '../src/http/types.ts';
import { createApiKey } from '../src/services/api-keys.ts';
import { createUser } from '../src/services/users.ts';
import type { ServiceContext } from '../src/services/context.ts';
import type { Store } from '../src/store/types.ts';
import { engines, testContext } from './helpers/store.ts';

const NOW = Date.parse('2026-03-31T09:00:00Z');

for (const engine of engines()) {
  describe(`handoff and success plan API (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    let app: App;
    let headers: Record<string, string>;
    let id: number;
    const call = async <T>(method: 'GET' | 'PUT' | 'POST', url: string, status: number, payload?: unknown) => {
      const response = await app.inject({
        method,
        url,
        headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      assert.equal(response.statusCode, status, `${method} ${url}: ${response.body}`);
      return response.json<T>();
    };
    before(async () => {
      store = await engine.open();
      ctx = { ...testContext(store), now: () => new Date(NOW) };
      const [row] = await store.query<{ id: number | string }>(
        `INSERT INTO accounts (external_id, name, owner_csm, first_seen_on, source)
         VALUES ('acme', 'Acme', 'Dana', '2026-02-01', 'test') RETURNING id`,
      );
      id = Number(row?.id);
      headers = { authorization: `Bearer ${(await createApiKey({ ctx, scope: 'write', name: 'test' })).key}` };
      app = await buildApp({ ctx, checkResponses: true });
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    it('puts and gets the handoff file; bad input is a 4xx that writes nothing', async () => {
      const empty = await call<{ outcomes: unknown[]; updatedAt: string | null }>(
        'GET',
        `/api/v1/accounts/${id}/handoff`,
        200,
      );
      assert.deepEqual([empty.outcomes, empty.updatedAt], [[], null]);
      const body = {
        goals: ['Close the books two days sooner'],
        outcomes: [{ metric: 'reports built per week', baseline: 0, target: 20, due_date: '2026-05-02' }],
        stakeholders: [{ name: 'Ana Ruiz', email: 'ana@acme.example', role: 'sponsor' }],
        bought: '50 seats',
        plan: 'Pro',
        risks: [],
      };
      const saved = await call<{ stakeholders: { role: string }[]; updatedAt: string }>(
        'PUT',
        `/api/v1/accounts/${id}/handoff`,
        200,
        body,
      );
      assert.equal(saved.stakeholders[0]?.role, 'sponsor');
      await call('PUT', `/api/v1/accounts/${id}/handoff`, 400, {
        ...body,
        stakeholders: [{ name: 'X', role: 'boss' }],
      });
      const bad = await call<{ detail: string }>('PUT', `/api/v1/accounts/${id}/handoff`, 422, {
        ...body,
        outcomes: [{ metric: 'x', baseline: 0, target: 1, due_date: '2026-02-30' }],
      });
      assert.match(JSON.stringify(bad), /outcomes\[0\]\.due_date/);
      const again = await call<{ outcomes: { due_date: string }[] }>('GET', `/api/v1/accounts/${id}/handoff`, 200);
      assert.equal(again.outcomes[0]?.due_date, '2026-05-02');
      await call('GET', '/api/v1/accounts/999999/handoff', 404);
    });

    it('makes a plan, ticks a milestone by hand and lists late 30-day milestones', async () => {
      assert.deepEqual(await call('GET', `/api/v1/accounts/${id}/success-plan`, 200), { plan: null });
      const plan = await call<{ objectives: unknown[]; milestones: { key: string; dueOn: string; status: string }[] }>(
        'POST',
        `/api/v1/accounts/${id}/success-plan`,
        201,
        {},
      );
      assert.equal(plan.objectives.length, 1);
      assert.deepEqual(
        plan.milestones.map((m) => [m.key, m.dueOn, m.status]),
        [
          ['day-30', '2026-03-03', 'late'],
          ['day-90', '2026-05-02', 'due'],
        ],
      );
      await call('POST', `/api/v1/accounts/${id}/success-plan`, 400, {});
      const late = await call<{ items: { accountExternalId: string; daysLate: number }[] }>(
        'GET',
        '/api/v1/success-plans?day=30&status=late',
        200,
      );
      assert.deepEqual(
        late.items.map((r) => [r.accountExternalId, r.daysLate]),
        [['acme', 28]],
      );
      await call('PUT', `/api/v1/accounts/${id}/success-plan/milestones/day-30`, 200, { done: true });
      assert.deepEqual(await call('GET', '/api/v1/success-plans?day=30&status=late', 200), { items: [] });
      await call('PUT', `/api/v1/accounts/${id}/success-plan/milestones/nope`, 404, { done: true });
      await call('GET', '/api/v1/success-plans?status=soon', 400);
    });

    it('replaces the templates as an admin (session), refusing other callers and a bad list; plans use them', async () => {
      // Admin routes take a signed-in admin: API keys are read, write or ingest only.
      await createUser({ ctx, email: 'admin@example.com', password: 'a long enough password', role: 'admin' });
      const session = await app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email: 'admin@example.com', password: 'a long enough password' },
      });
      assert.equal(session.statusCode, 200, session.body);
      const admin = {
        cookie: String(session.headers['set-cookie']).split(';')[0] ?? '',
        'x-csrf-token': session.json<{ csrfToken: string }>().csrfToken,
      };
      const put = (payload: unknown, as: Record<string, string>) =>
        app.inject({ method: 'PUT', url: '/api/v1/success-plans/templates', headers: as, payload: payload as object });
      const shipped = await call<{ items: { key: string }[] }>('GET', '/api/v1/success-plans/templates', 200);
      assert.deepEqual(
        shipped.items.map((t) => t.key),
        ['default'],
      );
      const templates = [
        {
          key: 'default',
          name: 'Default',
          milestones: [{ key: 'live', title: 'Live', due_day: 30, signal: { active_users: 3 } }],
        },
        {
          key: 'enterprise',
          name: 'Enterprise onboarding',
          segment: 'Enterprise',
          milestones: [
            { key: 'kickoff', title: 'Executive kickoff', due_day: 14 },
            { key: 'sso', title: 'SSO in use', due_day: 45, signal: { feature: 'sso_configured' } },
          ],
        },
      ];
      assert.equal((await put(templates, headers)).statusCode, 403, 'a write key is not an admin');
      assert.equal(
        (await app.inject({ method: 'PUT', url: '/api/v1/success-plans/templates', payload: templates })).statusCode,
        401,
      );
      const noDefault = await put(templates.slice(1), admin);
      assert.equal(noDefault.statusCode, 422, noDefault.body);
      assert.match(noDefault.body, /a template with key \\"default\\"/);
      const badSignal = await put(
        [templates[0], { ...templates[1], milestones: [{ key: 'x', title: 'X', due_day: 5, signal: { seats: 3 } }] }],
        admin,
      );
      assert.equal(badSignal.statusCode, 422, badSignal.body);
      assert.match(badSignal.body, /\[1\]\.milestones\[0\]\.signal/);
      assert.deepEqual(
        (await call<{ items: { key: string }[] }>('GET', '/api/v1/success-plans/templates', 200)).items.map(
          (t) => t.key,
        ),
        ['default'],
        'a refused list changes nothing',
      );
      const ok = await put(templates, admin);
      assert.equal(ok.statusCode, 200, ok.body);
      const listed = await call<{ items: { key: string; segment: string | null; milestones: { key: string }[] }[] }>(
        'GET',
        '/api/v1/success-plans/templates',
        200,
      );
      assert.deepEqual(
        listed.items.map((t) => [t.key, t.segment, t.milestones.map((m) => m.key)]),
        [
          ['default', null, ['live']],
          ['enterprise', 'Enterprise', ['kickoff', 'sso']],
        ],
      );
      const [row] = await store.query<{ id: number | string }>(
        `INSERT INTO accounts (external_id, name, segment, first_seen_on, source)
         VALUES ('bigco', 'BigCo', 'Enterprise', '2026-03-01', 'test') RETURNING id`,
      );
      const plan = await call<{ template: string; milestones: { key: string; dueOn: string }[] }>(
        'POST',
        `/api/v1/accounts/${Number(row?.id)}/success-plan`,
        201,
        {},
      );
      assert.deepEqual(
        [plan.template, plan.milestones.map((m) => [m.key, m.dueOn])],
        [
          'enterprise',
          [
            ['kickoff', '2026-03-15'],
            ['sso', '2026-04-15'],
          ],
        ],
      );
    });
  });
}
