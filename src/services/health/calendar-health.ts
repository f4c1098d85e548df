// Health beside each renewal in the calendar: the account's latest health score and band on or before the
// calendar's day, and its churn probability from the latest risk scoring (src/services/churn/risk.ts).
import { churnRisksOf } from '../../store/churn.ts';
import { scoresAsOf } from '../../store/health.ts';
import { db, type ServiceContext } from '../context.ts';

export interface AccountHealthBrief {
  health: number | null;
  healthBand: 'red' | 'yellow' | 'green' | null;
  churnRisk: number | null;
}

const BANDS = new Set(['red', 'yellow', 'green']);

export async function healthBriefs(
  ctx: ServiceContext,
  accountIds: readonly number[],
  asOf: string,
): Promise<Map<number, AccountHealthBrief>> {
  const ids = [...new Set(accountIds)];
  const scores = await scoresAsOf(db(ctx), ids, asOf);
  const risks = await churnRisksOf(db(ctx), ids, asOf);
  return new Map(
    ids.map((id) => {
      const s = scores.get(id);
      const band = s?.band ?? null;
      return [
        id,
        {
          health: s?.score ?? null,
          healthBand: band !== null && BANDS.has(band) ? (band as AccountHealthBrief['healthBand']) : null,
          churnRisk: risks.get(id) ?? null,
        },
      ];
    }),
  );
}
