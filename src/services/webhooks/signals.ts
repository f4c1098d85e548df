// ledger.changed: raised by the revenue refresh for each account whose ledger it recomputed.
import type { Queryable } from '../../store/types.ts';
import { accountNames } from '../../store/webhooks.ts';
import type { ServiceContext } from '../context.ts';
import { emitEvent } from './events.ts';

/** One ledger.changed per account whose ledger was recomputed, inside the refresh's transaction. */
export async function emitLedgerChanged(
  ctx: ServiceContext,
  tx: Queryable,
  accountIds: readonly number[],
  asOf: string,
): Promise<number> {
  if (accountIds.length === 0) return 0;
  const names = await accountNames(tx, accountIds);
  let sent = 0;
  for (const id of accountIds) {
    const account = names.get(id);
    const data = { accountId: id, externalId: account?.externalId ?? null, name: account?.name ?? null, asOf };
    if (await emitEvent(ctx, 'ledger.changed', data, { tx })) sent++;
    else return 0; // nobody subscribes: the rest would not be stored either
  }
  return sent;
}
