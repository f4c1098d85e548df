// Writes the demo company's term contracts and churn reasons (src/core/demo/contracts.ts), in the loader's
// transaction. They are the demo's own contracts (source 'demo'): contracts.derive reads no demo billing.
import type { DemoCompany } from '../core/demo/index.ts';
import { demoContracts } from '../core/demo/contracts.ts';
import { idOf } from '../importers/csv/write.ts';
import { CONTRACTS } from '../store/contracts.ts';
import { upsertChurnReason } from '../store/renewals-data.ts';
import type { Queryable } from '../store/types.ts';
import { upsertRows } from '../store/upsert.ts';
import type { ServiceContext } from './context.ts';

export async function writeDemoContracts(
  ctx: ServiceContext,
  tx: Queryable,
  company: DemoCompany,
): Promise<{ contracts: number; churnReasons: number }> {
  const { contracts, churnReasons } = demoContracts(company);
  const rows = await tx.query<{ id: number; external_id: string }>(
    `SELECT id, external_id FROM accounts WHERE external_id = ANY($1::text[])`,
    [[...new Set(contracts.map((c) => c.account_external_id))]],
  );
  const ids = new Map(rows.map((r) => [r.external_id, r.id]));
  await upsertRows(
    tx,
    { ...CONTRACTS, columns: { ...CONTRACTS.columns, subscription_external_id: 'text' } },
    contracts.map(({ account_external_id, ...c }) => ({
      ...c,
      account_id: idOf(ids, account_external_id),
      source: 'demo',
    })),
  );
  const at = ctx.now();
  for (const r of churnReasons) {
    await upsertChurnReason(tx, { contractId: r.contract_id, reason: r.reason, notes: r.notes, source: 'app', at });
  }
  return { contracts: contracts.length, churnReasons: churnReasons.length };
}
