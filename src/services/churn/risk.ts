// Daily risk scoring (job `churn.score`): a model trained on every month end whose horizon is over, scoring each
// paying account as of today — the probability of churning and of contracting within the horizon, and the top
// reasons in words. Read by /api/v1/health/risk and /api/v1/accounts/:id/risk.
import { mrrIn, pointInTimeFeatures } from '../../core/health/features.ts';
import { riskReasons } from '../../core/health/reasons.ts';
import { monthOfDay, parseDay } from '../../core/period.ts';
import {
  accountExists,
  countRisk,
  listRisk,
  replaceRisk,
  riskOf,
  type RiskRow,
  type StoredRisk,
} from '../../store/churn.ts';
import type { ServiceContext } from '../context.ts';
import { fitLabel, scoreTarget, type ScoreOptions, type ScoreSummary, type ScoringRun } from '../model/score.ts';
import { currentLedger, todayUtc } from '../revenue.ts';
import { CHURN_TARGET } from './backtest.ts';

/** Trains on the history and rescores every paying account as of `asOf`, replacing the stored risk. */
export function scoreChurnRisk(options: ScoreOptions): Promise<ScoreSummary> {
  return scoreTarget(CHURN_TARGET, options, scoreRisk, replaceRisk);
}

/** Each paying account's churn and contraction probabilities, with the reasons in words. */
function scoreRisk({ data, trainer, asOf, asOfDay, trainedAt }: ScoringRun): { rows: RiskRow[]; trainingRows: number } {
  const churnModel = fitLabel(data, trainer, 'churn').model;
  const contractionModel = fitLabel(data, trainer, 'contraction').model;
  const month = monthOfDay(asOfDay);
  const scored: RiskRow[] = [];
  if (churnModel) {
    for (const history of data.histories) {
      const ledger = data.latest.get(history.accountId);
      if (!ledger || mrrIn(ledger, month).mrr <= 0) continue;
      const values = pointInTimeFeatures({ history, ledger, asOfDay }, data.settings);
      scored.push({
        account_id: history.accountId,
        as_of: asOf,
        horizon_days: data.horizonDays,
        churn_probability: churnModel.predict(values),
        contraction_probability: contractionModel ? contractionModel.predict(values) : null,
        reasons: riskReasons(data.featureNames, values, churnModel.explain(values), asOfDay),
        model: churnModel.name,
        trained_at: trainedAt,
      });
    }
  }
  return { rows: scored, trainingRows: data.rows.filter((r) => r.churn !== null).length };
}

export type AccountRisk = StoredRisk & { arr_minor: number; currency: string };

async function withArr(ctx: ServiceContext, rows: StoredRisk[]): Promise<AccountRisk[]> {
  if (rows.length === 0) return [];
  const asOf = todayUtc(ctx.now());
  const ledger = await currentLedger({ ctx, asOf, accountIds: rows.map((r) => r.account_id) });
  const month = monthOfDay(parseDay(asOf));
  const mrr = new Map(ledger.customers.map((c) => [Number(c.accountId), mrrIn(c, month).mrr]));
  return rows.map((r) => ({
    ...r,
    arr_minor: 12 * (mrr.get(r.account_id) ?? 0),
    currency: ctx.config.reportingCurrency,
  }));
}

/** Accounts most at risk first, with their ARR today. */
export async function listChurnRisk({
  ctx,
  limit = 50,
  offset = 0,
}: {
  ctx: ServiceContext;
  limit?: number;
  offset?: number;
}) {
  const [rows, total] = await Promise.all([listRisk(ctx.store, limit, offset), countRisk(ctx.store)]);
  return { total, accounts: await withArr(ctx, rows) };
}

/** One account's risk; `exists` false when there is no such account, `risk` null when it is not scored. */
export async function accountChurnRisk({
  ctx,
  accountId,
}: {
  ctx: ServiceContext;
  accountId: number;
}): Promise<{ exists: boolean; risk: AccountRisk | null }> {
  const row = await riskOf(ctx.store, accountId);
  if (!row) return { exists: await accountExists(ctx.store, accountId), risk: null };
  const [risk] = await withArr(ctx, [row]);
  return { exists: true, risk: risk ?? null };
}
