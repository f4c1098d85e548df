// What the daily scoring of every model target shares: the trainer the latest backtest found best, a model of
// the target's label trained on every row whose horizon is over, and the scores replaced in one audited write.
import { trainingRows, trainingSet, type Target } from '../../core/health/backtest.ts';
import type { FittedModel, Trainer } from '../../core/predict/types.ts';
import { latestBacktest, type BacktestTable } from '../../store/backtests.ts';
import type { Queryable } from '../../store/types.ts';
import { audit } from '../audit.ts';
import { withTransaction, type ServiceContext } from '../context.ts';
import type { ChurnData } from '../churn/features.ts';
import type { TargetName } from './target.ts';

export interface ScoreSummary {
  as_of: string;
  model: string;
  accounts: number;
  training_rows: number;
  trained_at: string;
}

/** Of a backtest's results, the model trainer with the best ROC AUC, else the first one Tenure offers. */
export function bestTrainer(
  results: readonly { kind: string; name: string; auc: number | null }[],
  trainers: readonly Trainer[],
): Trainer {
  const best = results
    .filter((r) => r.kind === 'model' && trainers.some((t) => t.name === r.name))
    .sort((a, b) => (b.auc ?? 0) - (a.auc ?? 0))[0];
  const trainer = trainers.find((t) => t.name === best?.name) ?? trainers[0];
  if (!trainer) throw new Error('no trainer is available');
  return trainer;
}

type Results = { results?: { kind: string; name: string; auc: number | null }[] };

/** The trainer with the best ROC AUC in the target's latest backtest, else the first one Tenure offers. */
export async function chosenTrainer(
  ctx: ServiceContext,
  target: { backtests: BacktestTable },
  trainers: readonly Trainer[],
): Promise<Trainer> {
  const last = await latestBacktest(ctx.store, target.backtests);
  return bestTrainer((last?.result as Results | undefined)?.results ?? [], trainers);
}

/** A model of `label` fitted on every row whose horizon is over (null when they hold one class only), and their count. */
export function fitLabel(
  data: ChurnData,
  trainer: Trainer,
  label: Target,
): { model: FittedModel | null; trainingRows: number } {
  const rows = trainingRows(data.rows, data.lastCompleteMonth, data.horizonMonths, label);
  const set = trainingSet(data.featureNames, rows, label);
  if (!set.labels.includes(1) || !set.labels.includes(0)) return { model: null, trainingRows: rows.length };
  return { model: trainer.fit(set, { seed: 1 }), trainingRows: rows.length };
}

/** Replaces the target's stored scores (`replace`) and audits it as `<target>.score`, in one transaction. */
export async function saveScores(
  ctx: ServiceContext,
  target: { name: TargetName },
  details: { as_of: string; accounts: number; model: string },
  replace: (tx: Queryable) => Promise<void>,
): Promise<void> {
  await withTransaction(ctx, async (tx) => {
    await replace(tx.tx);
    await audit(tx.tx, ctx, `${target.name}.score`, null, details);
  });
}
