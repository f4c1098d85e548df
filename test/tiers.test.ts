// Tiers on each engine: rules over ARR, plan, segment and ICP fit; overrides that expire; coverage per CSM
// against targets; bad definitions named by field path; a playbook triggered by a tier.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServiceContext } from '../src/services/context.ts';
import { evaluatePlaybooks } from '../src/services/playbooks/evaluate.ts';
import { importPlaybooks } from '../src/services/playbooks/playbooks.ts';
import { listTasks } from '../src/services/playbooks/tasks.ts';
import { accountTiers, defineTiers, setTierOverride, tierCoverage } from '../src/services/tiers.ts';
import { tiersOf, withTiers } from '../src/services/tiers-of.ts';
import type { Store } from '../src/store/types.ts';
import { addAccount, addPeriod } from './helpers/adoption.ts';
import { engines, testContext } from './helpers/store.ts';

const TIERS = [
  { key: 'high-touch', name: 'High-touch', rules: { min_arr_minor: 6_000_000 }, target_accounts_per_csm: 1 },
  {
    key: 'mid-touch',
    name: 'Mid-touch',
    rules: { min_arr_minor: 1_200_000, segments: ['Mid-Market'] },
    target_accounts_per_csm: 5,
    target_arr_per_csm_minor: 10_000_000,
  },
  { key: 'tech-touch', name: 'Tech-touch', rules: {} },
];

for (const engine of engines()) {
  describe(`tiers (${engine.name})`, () => {
    let store: Store;
    let ctx: ServiceContext;
    let clock = Date.parse('2026-03-31T09:00:00Z');
    before(async () => {
      store = await engine.open();
      ctx = { ...testContext(store), now: () => new Date(clock) };
      await store.execute(
        `INSERT INTO users (email, name, role, password_hash) VALUES ('dana@example.com', 'Dana', 'csm', 'x')`,
      );
      const add = async (id: string, mrrMinor: number, segment: string, owner = 'Dana') => {
        const accountId = await addAccount(store, id, `Account ${id}`, { segment, ownerCsm: owner });
        await addPeriod(store, accountId, { id: `s-${id}`, start: '2025-01-01', mrrMinor, plan: 'Pro' });
      };
      await add('BIG', 500_000, 'Enterprise'); // ARR 6,000,000
      await add('MID', 100_000, 'Mid-Market'); // ARR 1,200,000
      await add('MIDSMALL', 99_999, 'Mid-Market'); // ARR 1,199,988
      await add('SMB', 10_000, 'SMB', 'Lee');
    });
    after(async () => {
      await store.close();
    });

    it('assigns tiers by the first matching rule, by rank', async () => {
      await defineTiers({ ctx, content: JSON.stringify(TIERS), file: 'tiers.json' });
      const rows = await accountTiers({ ctx });
      assert.deepEqual(
        rows.map((r) => [r.accountId, r.arrMinor, r.tier, r.source]),
        [
          ['BIG', 6_000_000, 'high-touch', 'rule'],
          ['MID', 1_200_000, 'mid-touch', 'rule'],
          ['MIDSMALL', 1_199_988, 'tech-touch', 'rule'],
          ['SMB', 120_000, 'tech-touch', 'rule'],
        ],
      );
    });

    it('honours an override until its expiry day, then the rules again', async () => {
      await assert.rejects(
        setTierOverride({ ctx, account: 'SMB', tier: 'high-touch', expiresOn: '2026-03-30' }),
        /in the past/,
      );
      await setTierOverride({
        ctx,
        account: 'SMB',
        tier: 'high-touch',
        expiresOn: '2026-04-30',
        reason: 'strategic logo',
      });
      let [smb] = await accountTiers({ ctx, account: 'SMB' });
      assert.deepEqual([smb?.tier, smb?.source, smb?.overrideExpiresOn], ['high-touch', 'override', '2026-04-30']);
      clock = Date.parse('2026-05-01T09:00:00Z');
      [smb] = await accountTiers({ ctx, account: 'SMB' });
      assert.deepEqual([smb?.tier, smb?.source], ['tech-touch', 'rule']);
      clock = Date.parse('2026-03-31T09:00:00Z');
    });

    it('reports coverage per CSM and tier against the targets', async () => {
      const rows = await tierCoverage({ ctx });
      assert.deepEqual(
        rows.map((r) => [r.owner, r.tier, r.accounts, r.arrMinor, r.accountsVsTarget, r.arrVsTargetMinor]),
        [
          ['Dana', 'high-touch', 1, 6_000_000, 0, null],
          ['Dana', 'mid-touch', 1, 1_200_000, -4, -8_800_000],
          ['Dana', 'tech-touch', 1, 1_199_988, null, null],
          ['Lee', 'high-touch', 1, 120_000, 0, null],
        ],
      );
    });

    it('labels listed accounts with their tier, only those asked for; a non-paying account has none', async () => {
      const ids = new Map(
        (await store.query<{ id: number | string; external_id: string }>(`SELECT id, external_id FROM accounts`)).map(
          (r) => [r.external_id, Number(r.id)],
        ),
      );
      const prospect = await addAccount(store, 'PROSPECT', 'Not paying');
      const asked = [ids.get('BIG') ?? 0, ids.get('MIDSMALL') ?? 0, prospect];
      const found = await tiersOf(ctx, asked);
      assert.deepEqual(
        [...found.keys()].sort(),
        asked.slice(0, 2).sort(),
        'MID was not asked for; PROSPECT pays nothing',
      );
      assert.deepEqual(found.get(ids.get('BIG') ?? 0), { tier: 'high-touch', tierName: 'High-touch' });
      const page = await withTiers(ctx, { total: 3, items: asked.map((id) => ({ id })) });
      assert.deepEqual(
        page.items.map((i) => i.tier),
        ['high-touch', 'tech-touch', null],
      );
      assert.equal((await tiersOf(ctx, [])).size, 0);
      await store.execute(`DELETE FROM accounts WHERE id = $1`, [prospect]);
    });

    it('refuses a bad definition naming the field path, and keeps the tiers', async () => {
      const bad = [...TIERS.slice(0, 2), { key: 'tech-touch', name: 'Tech', rules: { min_arr: 5 } }];
      await assert.rejects(
        defineTiers({ ctx, content: JSON.stringify(bad), file: 'bad.json' }),
        /bad\.json: field "\[2\]\.rules\.min_arr" expected one of the fields min_arr_minor/,
      );
      assert.equal((await accountTiers({ ctx, tier: 'tech-touch' })).length, 1);
    });

    it('refuses a tier filter that names no tier, listing the tiers there are', async () => {
      await assert.rejects(
        accountTiers({ ctx, tier: 'gold' }),
        /tier must be one of high-touch, mid-touch, tech-touch, found "gold"/,
      );
    });

    it('triggers a playbook when an account is in a tier', async () => {
      await importPlaybooks({
        ctx,
        file: 'tier.json',
        text: JSON.stringify({
          name: 'High-touch onboarding',
          trigger: { signal: 'tier', tier: 'high-touch' },
          steps: [{ type: 'task', assignee: 'owner', title: 'Plan the executive business review' }],
        }),
      });
      const [result] = await evaluatePlaybooks({ ctx });
      assert.equal(result?.matched, 2);
      assert.equal(result?.created, 1, 'SMB’s owner Lee is not a Tenure user: skipped');
      const tasks = await listTasks({ ctx, query: {} });
      assert.deepEqual(
        tasks.map((t) => [t.accountId, t.assignee]),
        [['BIG', 'dana@example.com']],
      );
    });
  });
}
