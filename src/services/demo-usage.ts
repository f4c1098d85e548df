// Writes the demo company's product usage (src/core/demo/usage.ts): the feature catalog, end users and daily
// rollups. Rollups only: the demo has no raw events, so a catalog change does not re-derive its usage.
import type { DemoCompany } from '../core/demo/index.ts';
import { DEMO_FEATURES, demoUsage } from '../core/demo/usage.ts';
import { insertDailyUsage, upsertUsageUsers } from '../store/adoption.ts';
import { writeFeatures } from '../store/features.ts';
import type { Queryable } from '../store/types.ts';
import type { ServiceContext } from './context.ts';

const BATCH_ROWS = 50_000;

export interface DemoUsageSummary {
  features: number;
  users: number;
  rollups: number;
}

/** Writes the catalog, users and rollups of every demo account, in the caller's transaction. */
export async function writeDemoUsage(
  ctx: ServiceContext,
  tx: Queryable,
  company: DemoCompany,
): Promise<DemoUsageSummary> {
  await writeFeatures(tx, DEMO_FEATURES);
  const ids = new Map(
    (
      await tx.query<{ id: number; external_id: string }>(
        `SELECT id, external_id FROM accounts WHERE external_id = ANY($1::text[])`,
        [company.accounts.map((a) => a.external_id)],
      )
    ).map((r) => [r.external_id, r.id]),
  );
  const users = new Map<string, { userKey: string; accountId: number; firstSeen: string; lastSeen: string }>();
  let batch: Parameters<typeof insertDailyUsage>[1][number][] = [];
  let rollups = 0;
  ctx.progress.start(company.profiles.length, 'demo usage');
  let done = 0;
  for (const rows of demoUsage(company)) {
    for (const r of rows) {
      const accountId = ids.get(r.account_external_id);
      if (accountId === undefined) continue;
      batch.push({ accountId, day: r.day, userKey: r.user_key, feature: r.feature, events: r.events });
      const user = users.get(r.user_key);
      if (!user) users.set(r.user_key, { userKey: r.user_key, accountId, firstSeen: r.day, lastSeen: r.day });
      else if (r.day > user.lastSeen) user.lastSeen = r.day;
      else if (r.day < user.firstSeen) user.firstSeen = r.day;
    }
    if (batch.length >= BATCH_ROWS) {
      rollups += await insertDailyUsage(tx, batch);
      batch = [];
    }
    ctx.progress.update(++done);
  }
  rollups += await insertDailyUsage(tx, batch);
  await upsertUsageUsers(tx, [...users.values()]);
  ctx.progress.stop();
  return { features: DEMO_FEATURES.length, users: users.size, rollups };
}
