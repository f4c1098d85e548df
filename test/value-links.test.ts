// Value report share links on each engine: every link made has a row, opening one counts it, withdrawing one stops
// that link only (its expiry and signature checks stay), the audit log records who withdrew it, and a token made
// before links had rows still opens its report until it expires.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServiceContext } from '../src/services/context.ts';
import { UsageError } from '../src/services/errors.ts';
import { signingSecret, signToken } from '../src/services/signed-links.ts';
import { listValueShareLinks, revokeValueShareLink } from '../src/services/value/links.ts';
import { createValueShareLink, openValueShareLink, VALUE_REPORT_PURPOSE } from '../src/services/value/share.ts';
import type { Store } from '../src/store/types.ts';
import { engines, testContext } from './helpers/store.ts';
import { addCatalog, addCustomer, addDailyUsage } from './helpers/value.ts';

let clock = Date.parse('2026-10-15T10:00:00Z');

for (const engine of engines()) {
  describe(`value report share links (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    let acme: number;
    let beta: number;
    before(async () => {
      store = await engine.open();
      ctx = { ...testContext(store), now: () => new Date(clock), actor: { kind: 'user', id: '7', label: 'ana@x.co' } };
      await addCatalog(store);
      acme = await addCustomer(store, 'acme-l', { name: 'Acme Links' });
      beta = await addCustomer(store, 'beta-l', { name: 'Beta Links' });
      await addDailyUsage(store, acme, '2026-07-05', 2, 'report_generated');
    });
    after(() => store.close());

    const open = (token: string) => openValueShareLink({ ctx, token });

    it('records each link, counts its openings and lists the account’s links newest first', async () => {
      const first = await createValueShareLink({ ctx, accountId: acme, from: '2026-07', to: '2026-09', days: 5 });
      clock += 60_000;
      const second = await createValueShareLink({ ctx, accountId: acme, from: '2026-08', to: '2026-08' });
      await createValueShareLink({ ctx, accountId: beta });
      assert.equal((await open(first.token)).state, 'ok');
      clock += 60_000;
      assert.equal((await open(first.token)).state, 'ok');
      const links = await listValueShareLinks({ ctx, accountId: acme });
      assert.deepEqual(
        links.map((l) => [l.id, l.from, l.to, l.opens, l.status, l.createdBy]),
        [
          [second.linkId, '2026-08', '2026-08', 0, 'active', 'ana@x.co'],
          [first.linkId, '2026-07', '2026-09', 2, 'active', 'ana@x.co'],
        ],
      );
      assert.equal(links[1]?.lastOpenedAt, new Date(clock).toISOString());
      assert.equal(links[1]?.expiresAt, first.expiresAt);
      assert.equal(links[0]?.lastOpenedAt, null);
      await assert.rejects(listValueShareLinks({ ctx, accountId: 999_999 }), UsageError);
    });

    it('withdraws one link: it opens nothing, the others still do, and the audit log says who', async () => {
      const keep = await createValueShareLink({ ctx, accountId: acme });
      const drop = await createValueShareLink({ ctx, accountId: acme });
      const revoked = await revokeValueShareLink({ ctx, accountId: acme, linkId: drop.linkId });
      assert.equal(revoked.status, 'revoked');
      assert.equal(revoked.revokedBy, 'ana@x.co');
      assert.equal((await open(drop.token)).state, 'revoked');
      assert.equal((await open(keep.token)).state, 'ok');
      // Withdrawing again changes nothing and writes no second audit row.
      await revokeValueShareLink({ ctx, linkId: drop.linkId });
      const rows = await store.query<{ actor_label: string; target: string; details: { linkId: number } }>(
        `SELECT actor_label, target, details FROM audit_log WHERE verb = 'value_report.revoke'`,
      );
      assert.deepEqual(
        rows.map((r) => [r.actor_label, r.target, r.details.linkId]),
        [['ana@x.co', 'account:acme-l', drop.linkId]],
      );
      // A revoked link is not counted when tried.
      const listed = (await listValueShareLinks({ ctx, accountId: acme })).find((l) => l.id === drop.linkId);
      assert.equal(listed?.opens, 0);
      // Another account's link id, or none, is not found.
      await assert.rejects(revokeValueShareLink({ ctx, accountId: beta, linkId: keep.linkId }), /no share link/);
      await assert.rejects(revokeValueShareLink({ ctx, linkId: 987_654 }), /no share link 987654/);
      assert.equal((await open(keep.token)).state, 'ok');
    });

    it('still expires a link that was never withdrawn, and says expired rather than withdrawn after expiry', async () => {
      const link = await createValueShareLink({ ctx, accountId: acme, days: 1 });
      const gone = await createValueShareLink({ ctx, accountId: acme, days: 1 });
      await revokeValueShareLink({ ctx, linkId: gone.linkId });
      const saved = clock;
      clock += 86_400_000 + 1000;
      try {
        assert.equal((await open(link.token)).state, 'expired');
        assert.equal((await open(gone.token)).state, 'expired');
        const listed = await listValueShareLinks({ ctx, accountId: acme });
        assert.equal(listed.find((l) => l.id === link.linkId)?.status, 'expired');
      } finally {
        clock = saved;
      }
    });

    it('opens a token made before links had rows until it expires; a row id it does not have opens nothing', async () => {
      const secret = await signingSecret(ctx);
      const expiresAt = new Date(clock + 86_400_000);
      const grant = (subject: string) => signToken(secret, { purpose: VALUE_REPORT_PURPOSE, subject, expiresAt });
      const legacy = await open(grant(`${acme}:2026-07:2026-09`));
      assert.equal(legacy.state, 'ok');
      assert.equal(legacy.state === 'ok' && legacy.model.account.name, 'Acme Links');
      assert.equal((await open(grant(`${acme}:2026-07:2026-09:424242`))).state, 'invalid');
      // A real row of another account does not open this account's report.
      const betaLink = await createValueShareLink({ ctx, accountId: beta });
      assert.equal((await open(grant(`${acme}:2026-07:2026-09:${betaLink.linkId}`))).state, 'invalid');
    });
  });
}
