// The audit log, team administration and owners as users, on each engine.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey, revokeApiKey, verifyApiKey } from '../src/services/api-keys.ts';
import { listAudit } from '../src/services/audit.ts';
import { withTransaction, type Actor, type ServiceContext } from '../src/services/context.ts';
import { importAccounts } from '../src/services/import-accounts.ts';
import { accountOwner, linkOwnersVerb, setAccountOwner } from '../src/services/owners.ts';
import { accountProfiles } from '../src/services/account-directory.ts';
import { updateUser } from '../src/services/team.ts';
import { checkPassword, createUser, findSession, startSession } from '../src/services/users.ts';
import type { Store } from '../src/store/types.ts';
import { engines, testContext } from './helpers/store.ts';

const PASSWORD = 'a long enough password';
const as = (ctx: ServiceContext, actor: Actor): ServiceContext => ({ ...ctx, actor });
const cli: Actor = { kind: 'cli', id: null, label: 'ops@host' };

for (const engine of engines()) {
  describe(`audit, team and owners (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    let admin: Actor;
    before(async () => {
      store = await engine.open();
      ctx = testContext(store);
      const first = await createUser({
        ctx: as(ctx, cli),
        email: 'root@example.com',
        password: PASSWORD,
        role: 'admin',
      });
      admin = { kind: 'user', id: String(first.id), label: first.email };
    });
    after(() => store.close());

    const latest = async (verb: string) => (await listAudit({ ctx, query: { verb, limit: 1 } })).entries[0];

    it('records user.add with the actor and no password', async () => {
      const user = await createUser({ ctx: as(ctx, admin), email: 'Ann@Example.com', password: PASSWORD, role: 'csm' });
      const entry = await latest('user.add');
      assert.deepEqual(entry?.actor, admin);
      assert.equal(entry.target, `user:${user.id}`);
      assert.deepEqual(entry.details, { email: 'ann@example.com', name: null, role: 'csm', accountsLinked: 0 });
      const all = JSON.stringify((await listAudit({ ctx, query: { limit: 500 } })).entries);
      assert.ok(!all.includes(PASSWORD), 'no password in the log');
      const byCli = await listAudit({ ctx, query: { actor: 'cli', verb: 'user.' } });
      assert.deepEqual(
        byCli.entries.map((e) => e.details.email),
        ['root@example.com'],
      );
    });

    it('records api key creation and revocation by an API key, and never the key', async () => {
      const keyActor: Actor = { kind: 'api_key', id: '7', label: 'deploy bot (abc)' };
      const key = await createApiKey({ ctx: as(ctx, admin), scope: 'read', name: 'reports' });
      assert.equal((await latest('apikey.create'))?.actor.id, admin.id);
      assert.ok(await revokeApiKey({ ctx: as(ctx, keyActor), prefix: key.prefix }));
      const entry = await latest('apikey.revoke');
      assert.deepEqual(entry?.actor, keyActor);
      assert.equal(entry.target, `apikey:${key.prefix}`);
      assert.equal(await verifyApiKey({ ctx, key: key.key }), null);
      assert.ok(!JSON.stringify(await listAudit({ ctx, query: { limit: 500 } })).includes(key.key));
      assert.equal(await revokeApiKey({ ctx, prefix: key.prefix }), false, 'a second revoke changes nothing');
      assert.equal((await listAudit({ ctx, query: { verb: 'apikey.revoke' } })).total, 1);
    });

    it('rolls back the audit row with the write it belongs to', async () => {
      const before = (await listAudit({ ctx, query: {} })).total;
      await assert.rejects(
        withTransaction(ctx, async (t) => {
          await createUser({ ctx: t, email: 'ghost@example.com', password: PASSWORD, role: 'viewer' });
          await createApiKey({ ctx: t, scope: 'write' });
          await importAccounts({ ctx: t, input: { text: 'id,name\nzeta,Zeta\n', name: 'zeta.csv' } });
          assert.equal((await listAudit({ ctx: t, query: {} })).total, before + 3, 'visible inside the transaction');
          throw new Error('something after the writes failed');
        }),
        /something after the writes failed/,
      );
      assert.equal((await listAudit({ ctx, query: {} })).total, before);
      assert.equal(await checkPassword({ ctx, email: 'ghost@example.com', password: PASSWORD }), null);
      assert.deepEqual(await store.query(`SELECT 1 FROM accounts WHERE external_id = 'zeta'`), []);
    });

    it('deactivates a user: no sign-in, sessions ended; the last admin stays', async () => {
      const bob = await createUser({ ctx, email: 'bob@example.com', password: PASSWORD, role: 'admin' });
      const { cookie } = await startSession({ ctx, user: bob });
      assert.ok(await findSession({ ctx, cookie }));
      const after = await updateUser({ ctx: as(ctx, admin), id: bob.id, changes: { active: false } });
      assert.equal(after.active, false);
      assert.equal(await findSession({ ctx, cookie }), null);
      assert.equal(await checkPassword({ ctx, email: 'bob@example.com', password: PASSWORD }), null);
      const entry = await latest('user.deactivate');
      assert.deepEqual(entry?.details, { email: 'bob@example.com', sessionsEnded: 1 });
      await assert.rejects(updateUser({ ctx, id: Number(admin.id), changes: { role: 'viewer' } }), /last active admin/);
      await updateUser({ ctx, id: bob.id, changes: { active: true, role: 'csm' } });
      assert.ok(await checkPassword({ ctx, email: 'bob@example.com', password: PASSWORD }));
      assert.equal((await latest('user.role'))?.details.to, 'csm');
    });

    it('links imported owner names to users, keeps history on reassignment, and audits it', async () => {
      const csv = 'id,name,owner_csm\nacme,Acme,Dana Lee\nglobex,Globex,ann@example.com\ninitech,Initech,Nobody Yet\n';
      const importer: Actor = { kind: 'api_key', id: '3', label: 'etl' };
      await importAccounts({ ctx: as(ctx, importer), input: { text: csv, name: 'accounts.csv' } });
      const run = await latest('import.csv:accounts');
      assert.deepEqual(run?.actor, importer);
      assert.deepEqual(run.details, { read: 3, created: 3, updated: 0, unchanged: 0 });

      const globex = await accountOwner({ ctx, account: 'globex' });
      assert.equal(globex.ownerName, 'ann@example.com', 'the imported text stays');
      assert.notEqual(globex.ownerUserId, null, 'matched by email at import');
      assert.equal((await accountOwner({ ctx, account: 'acme' })).ownerUserId, null, 'no such user yet');

      const dana = await createUser({
        ctx,
        email: 'dana@example.com',
        password: PASSWORD,
        role: 'csm',
        name: 'Dana Lee',
      });
      assert.equal((await latest('user.add'))?.details.accountsLinked, 1);
      const linked = await accountOwner({ ctx, account: 'acme' });
      assert.equal(linked.ownerUserId, dana.id);
      assert.deepEqual(
        linked.history.map((h) => [h.ownerName, h.ownerUserId, h.to]),
        [['Dana Lee', dana.id, null]],
        'linking amends the open stretch',
      );

      const moved = await setAccountOwner({ ctx: as(ctx, admin), account: 'acme', user: 'ann@example.com' });
      assert.equal(moved.ownerName, 'ann@example.com');
      assert.equal(moved.history.length, 2);
      assert.equal(moved.history[0]?.ownerUserId, dana.id);
      assert.notEqual(moved.history[0]?.to, null, 'the first stretch is closed');
      assert.equal(moved.history[1]?.to, null);
      const entry = await latest('account.owner');
      assert.deepEqual(entry?.actor, admin);
      assert.equal(entry.target, 'account:acme');
      assert.equal(entry.details.from, 'Dana Lee');

      const profiles = [...(await accountProfiles(ctx)).values()];
      assert.equal(profiles.find((p) => p.name === 'Acme')?.ownerCsm, 'ann@example.com', 'reports group by the name');

      await assert.rejects(setAccountOwner({ ctx, account: 'acme', user: 'nobody@example.com' }), /no active user/);
      await assert.rejects(setAccountOwner({ ctx, account: 'nope', user: 'ann@example.com' }), /no account/);
      const result = await linkOwnersVerb({ ctx });
      assert.deepEqual(result, { linked: 0, unmatched: [{ ownerName: 'Nobody Yet', accounts: 1 }] });
    });
  });
}
