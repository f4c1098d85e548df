// Team administration over HTTP: users, API keys, the audit log, uploads and owners, with the caller as actor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuditPage } from '../../src/contract/audit.ts';
import type { AccountOwner } from '../../src/contract/owners.ts';
import type { TeamUser } from '../../src/contract/users.ts';
import { openStore } from '../../src/store/open.ts';
import { bearer, emailOf, PASSWORD, signIn, testApp, type TestApp } from '../helpers/http.ts';

function multipart(name: string, content: string) {
  const boundary = '----tenure-admin-boundary';
  const payload =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n` +
    `${content}\r\n--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('team administration over HTTP', () => {
  let t: TestApp;
  let admin: { cookie: string; csrfToken: string };
  let adminId = '';
  before(async () => {
    t = await testApp(await openStore({ memory: true }));
    admin = await signIn(t.app, 'admin');
    const me = await t.app.inject({ url: '/api/v1/session', headers: { cookie: admin.cookie } });
    adminId = String(me.json<{ user: { id: number } }>().user.id);
  });
  after(async () => {
    await t.close();
    await t.ctx.store.close();
  });
  const as = (who: { cookie: string; csrfToken: string }) => ({ cookie: who.cookie, 'x-csrf-token': who.csrfToken });
  const audit = async (query: string) =>
    (await t.app.inject({ url: `/api/v1/audit?${query}`, headers: { cookie: admin.cookie } })).json<AuditPage>();

  it('lets only admins add users; bad input is a 400 naming the field', async () => {
    const csm = await signIn(t.app, 'csm');
    const body = { email: 'new@example.com', role: 'viewer', password: PASSWORD, name: 'New Person' };
    const denied = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: as(csm), payload: body });
    assert.equal(denied.statusCode, 403);
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: as(admin),
      payload: { ...body, password: 'short' },
    });
    assert.equal(short.statusCode, 400);
    assert.match(short.json<{ detail: string }>().detail, /password/);
    const added = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: as(admin), payload: body });
    assert.equal(added.statusCode, 201, added.body);
    assert.equal(added.json<TeamUser>().active, true);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: as(admin), payload: body });
    assert.equal(again.statusCode, 400);
    const entry = (await audit('verb=user.add&limit=1')).entries[0];
    assert.deepEqual(entry?.actor, { kind: 'user', id: adminId, label: emailOf('admin') });
    assert.ok(!JSON.stringify(entry).includes(PASSWORD));
  });

  it('changes a role and deactivates a user, whose session ends at once and who cannot sign in', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const users = (await t.app.inject({ url: '/api/v1/users', headers: { cookie: admin.cookie } })).json<{
      users: TeamUser[];
    }>().users;
    const id = users.find((u) => u.email === emailOf('viewer'))?.id ?? 0;
    assert.equal((await t.app.inject({ url: '/api/v1/session', headers: { cookie: viewer.cookie } })).statusCode, 200);
    const patch = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: as(admin), payload });
    assert.equal((await patch({ role: 'owner' })).statusCode, 400);
    assert.equal((await patch({ role: 'csm' })).json<TeamUser>().role, 'csm');
    const me = await t.app.inject({ url: '/api/v1/session', headers: { cookie: viewer.cookie } });
    assert.equal(me.json<{ user: { role: string } }>().user.role, 'csm', 'the new role applies at once');
    assert.equal((await patch({ active: false })).json<TeamUser>().active, false);
    assert.equal((await t.app.inject({ url: '/api/v1/session', headers: { cookie: viewer.cookie } })).statusCode, 401);
    const signInAgain = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: emailOf('viewer'), password: PASSWORD },
    });
    assert.equal(signInAgain.statusCode, 401);
    assert.deepEqual(
      (await audit(`actor=user:${adminId}&verb=user.`)).entries.slice(0, 2).map((e) => e.verb),
      ['user.deactivate', 'user.role'],
    );
  });

  it('creates a key shown once and revokes it, refused at once', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: as(admin),
      payload: { scope: 'read', name: 'dashboard export' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { key, prefix } = created.json<{ key: string; prefix: string }>();
    assert.equal((await t.app.inject({ url: '/api/v1/session', headers: bearer(key) })).statusCode, 200);
    const list = await t.app.inject({ url: '/api/v1/api-keys', headers: { cookie: admin.cookie } });
    assert.ok(!list.body.includes(key), 'the list never holds the key');
    assert.ok(list.json<{ keys: { prefix: string }[] }>().keys.some((k) => k.prefix === prefix));
    const revoke = () => t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${prefix}`, headers: as(admin) });
    assert.equal((await revoke()).statusCode, 204);
    assert.equal((await t.app.inject({ url: '/api/v1/session', headers: bearer(key) })).statusCode, 401);
    assert.equal((await revoke()).statusCode, 404);
    assert.equal((await audit('verb=apikey.&limit=2')).entries.length, 2);
  });

  it('imports an upload as its uploader, or names the file, line and field', async () => {
    const bad = multipart('accounts.csv', 'id,name,employee_count\nacme,Acme,many\n');
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/accounts',
      headers: { ...as(admin), ...bad.headers },
      payload: bad.payload,
    });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.json<{ detail: string }>().detail, /accounts\.csv:2.*employee_count/);
    const good = multipart('accounts.csv', `id,name,owner_csm\nacme,Acme,${emailOf('csm')}\n`);
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/accounts',
      headers: { ...as(admin), ...good.headers },
      payload: good.payload,
    });
    assert.equal(imported.statusCode, 200, imported.body);
    const entry = (await audit('verb=import.csv:accounts')).entries[0];
    assert.equal(entry?.actor.id, adminId);
    assert.equal(entry.target, 'accounts.csv');
  });

  it("changes an account's owner (csm may), keeping its history", async () => {
    const csm = await signIn(t.app, 'csm');
    const [acme] = await t.ctx.store.query<{ id: number }>(`SELECT id FROM accounts WHERE external_id = 'acme'`);
    const url = `/api/v1/accounts/${acme?.id ?? 0}/owner`;
    const byText = await t.app.inject({ url: '/api/v1/accounts/acme/owner', headers: bearer(t.keys.read) });
    assert.equal(byText.statusCode, 400, 'the URL takes the Tenure id');
    const before = await t.app.inject({ url, headers: bearer(t.keys.read) });
    assert.equal(before.json<AccountOwner>().ownerName, emailOf('csm'));
    assert.notEqual(before.json<AccountOwner>().ownerUserId, null, 'linked by email on import');
    const change = await t.app.inject({
      method: 'PUT',
      url,
      headers: as(csm),
      payload: { user: emailOf('admin') },
    });
    assert.equal(change.statusCode, 200, change.body);
    const owner = change.json<AccountOwner>();
    assert.deepEqual(
      owner.history.map((h) => [h.ownerName, h.to === null]),
      [
        [emailOf('csm'), false],
        [emailOf('admin'), true],
      ],
    );
    const entry = (await audit('verb=account.owner')).entries[0];
    assert.equal(entry?.actor.label, emailOf('csm'));
    const viewerKey = await t.app.inject({
      method: 'PUT',
      url,
      headers: bearer(t.keys.read),
      payload: { user: null },
    });
    assert.equal(viewerKey.statusCode, 403);
  });

  it('pages the audit log and refuses a bad filter with a 400', async () => {
    const page = await audit('limit=2&offset=1');
    assert.equal(page.entries.length, 2);
    assert.ok(page.total > 3);
    const all = await audit('limit=500');
    assert.deepEqual(
      page.entries.map((e) => e.id),
      all.entries.slice(1, 3).map((e) => e.id),
    );
    const bad = await t.app.inject({ url: '/api/v1/audit?actor=robot', headers: { cookie: admin.cookie } });
    assert.equal(bad.statusCode, 400);
  });
});
