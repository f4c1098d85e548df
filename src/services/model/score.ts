// The daily scoring of a model target: its rows loaded, the trainer the latest backtest found best, models of the
// target's labels trained on every row whose horizon is over, each paying account scored (the target's own part),
// and the stored scores replaced in one audited write.
import { trainingRows, trainingSet, type Target } from '../../core/health/backtest.ts';
import { parseDay, type DayNumber } from '../../core/period.ts';
import { TRAINERS } from '../../core/predict/index.ts';
import type { FittedModel, Trainer } from '../../core/predict/types.ts';
import { latestBacktest, type BacktestTable } from '../../store/backtests.ts';
import type { Queryable } from '../../store/types.ts';
import { audit } from '../audit.ts';
import { withTransaction, type ServiceContext } from '../context.ts';
import { todayUtc } from '../revenue.ts';
import type { ChurnData } from '../churn/features.ts';
import { loadTargetData, type TargetBase } from './target.ts';

export interface ScoreSummary {
  as_of: string;
  model: string;
  accounts: number;
  training_rows: number;
  trained_at: string;
}

/** Of a backtest's results, the model trainer with the best ROC AUC, else the first one Tenure offers. */
function bestTrainer(
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
async function chosenTrainer(
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

export interface ScoreOptions {
  ctx: ServiceContext;
  asOf?: string;
  trainers?: readonly Trainer[];
}

/** One scoring run, as the target's scorer sees it. */
export interface ScoringRun {
  data: ChurnData;
  trainer: Trainer;
  asOf: string;
  asOfDay: DayNumber;
  trainedAt: string;
}

/**
 * Trains on the history and rescores every paying account as of `asOf` (`score` fits the target's models and
 * makes its rows), then replaces the stored scores (`replace`) and audits it as `<target>.score`.
 */
export async function scoreTarget<Row>(
  target: TargetBase,
  { ctx, asOf = todayUtc(ctx.now()), trainers = TRAINERS }: ScoreOptions,
  score: (run: ScoringRun) => { rows: Row[]; trainingRows: number },
  replace: (tx: Queryable, rows: readonly Row[]) => Promise<void>,
): Promise<ScoreSummary> {
  const data = await loadTargetData(ctx, target, asOf);
  const trainer = await chosenTrainer(ctx, target, trainers);
  const trainedAt = ctx.now().toISOString();
  const { rows, trainingRows } = score({ data, trainer, asOf, asOfDay: parseDay(asOf), trainedAt });
  await withTransaction(ctx, async (tx) => {
    await replace(tx.tx, rows);
    await audit(tx.tx, ctx, `${target.name}.score`, null, { as_of: asOf, accounts: rows.length, model: trainer.name });
  });
  return {
    as_of: asOf,
    model: trainer.name,
    accounts: rows.length,
    training_rows: trainingRows,
    trained_at: trainedAt,
  };
}
