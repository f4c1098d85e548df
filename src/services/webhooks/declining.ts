// usage.declining: the daily check that raises one event per account newly flagged declining.
import { declineFlags, setDeclineFlags } from '../../store/webhooks.ts';
import { adoptionReport } from '../adoption.ts';
import { nowOf, type ServiceContext } from '../context.ts';
import { todayUtc } from '../revenue.ts';
import { emitEvent } from './events.ts';

/**
 * The daily check: accounts whose active users fell by the decline rate or more (as the adoption report flags
 * them) and were not flagged by the previous check each raise one usage.declining event.
 */
export async function emitNewlyDeclining({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<{ declining: number; new: number }> {
  const asOf = todayUtc(nowOf(ctx));
  const { rows } = await adoptionReport({ ctx, asOf });
  const declining = rows.filter((r) => r.trend.declining);
  return ctx.store.transaction(async (tx) => {
    const before = await declineFlags(tx);
    const fresh = declining.filter((r) => !before.has(r.id));
    for (const r of fresh) {
      await emitEvent(
        ctx,
        'usage.declining',
        {
          accountId: r.id,
          externalId: r.externalId,
          name: r.name,
          asOf,
          recentActiveUsers: r.trend.recentActiveUsers,
          previousActiveUsers: r.trend.previousActiveUsers,
          change: r.trend.change,
          ownerCsm: r.ownerCsm,
          mrrMinor: r.mrrMinor,
          currency: ctx.config.reportingCurrency,
        },
        { tx },
      );
    }
    await setDeclineFlags(
      tx,
      declining.map((r) => r.id),
      asOf,
    );
    return { declining: declining.length, new: fresh.length };
  });
}
