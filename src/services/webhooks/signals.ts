// ledger.changed: raised by the revenue refresh for each account whose ledger it recomputed.
import type { Queryable } from '../../store/types.ts';
import { accountNames } from '../../store/webhooks.ts';
import type { ServiceContext } from '../context.ts';
import { emitEvents } from './events.ts';

/** One ledger.changed per account whose ledger was recomputed, inside the refresh's transaction. */
export async function emitLedgerChanged(
  ctx: ServiceContext,
  tx: Queryable,
  accountIds: readonly number[],
  asOf: string,
): Promise<number> {
  if (accountIds.length === 0) return 0;
  const names = await accountNames(tx, accountIds);
  const data = accountIds.map((id) => {
    const account = names.get(id);
    return { accountId: id, externalId: account?.externalId ?? null, name: account?.name ?? null, asOf };
  });
  return emitEvents(ctx, 'ledger.changed', data, { tx });
}
