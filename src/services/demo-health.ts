// The demo's health: its support tickets, then scores weekly over the last 30 days and today, so the Health
// page shows movement and every account page a history from the first start.
import type { DemoCompany } from '../core/demo/index.ts';
import { demoTickets } from '../core/demo/tickets.ts';
import { upsertWithProgress } from '../importers/csv/write.ts';
import { TICKETS } from '../store/health.ts';
import type { ServiceContext } from './context.ts';
import { scoreAccounts } from './health/score.ts';

/** Days before today scored: weekly, and 30 days back exactly (the summary's band movement compares with it). */
const BACKFILL_DAYS = [30, 21, 14, 7, 0];

export async function loadDemoHealth(ctx: ServiceContext, company: DemoCompany, asOf: string): Promise<void> {
  const tickets = demoTickets(company);
  const ids = new Map(
    (
      await ctx.store.query<{ id: number; external_id: string }>(
        `SELECT id, external_id FROM accounts WHERE external_id = ANY($1::text[])`,
        [[...new Set(tickets.map((t) => t.account_external_id))]],
      )
    ).map((r) => [r.external_id, r.id]),
  );
  const rows = tickets.flatMap(({ account_external_id, ...t }) => {
    const accountId = ids.get(account_external_id);
    return accountId === undefined ? [] : [{ ...t, account_id: accountId, source: 'demo' }];
  });
  await ctx.store.transaction((tx) => upsertWithProgress(tx, TICKETS, rows, ctx.progress, 'demo tickets'));
  const today = Date.parse(`${asOf}T00:00:00Z`);
  for (const back of BACKFILL_DAYS) {
    const day = new Date(today - back * 86_400_000).toISOString().slice(0, 10);
    await scoreAccounts({ ctx, day });
  }
}
