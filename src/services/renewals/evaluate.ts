// Every renewal as the forecast sees it on one day: its outcome so far, the owner's category or the one proposed
// from signals, the probability of its category and its low / expected / high share of the forecast.
import { buildFxTable, MissingFxRateError } from '../../core/fx.ts';
import { dayOf, formatDay } from '../../core/period.ts';
import {
  forecastOf,
  learnProbabilities,
  probabilityOf,
  proposeCategory,
  type CategoryProbability,
  type ForecastCategory,
  type Proposal,
  type RenewalSignals,
} from '../../core/renewals/forecast.ts';
import { renewalOutcomes, type Contract, type RenewalOutcome } from '../../core/renewals/renewals.ts';
import { listContracts, listFxRates } from '../../store/contracts.ts';
import { categoriesAsOf, contractTerms, listSnapshots, type CategoryRow } from '../../store/renewal-forecast.ts';
import { db, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { measureAccounts, npsOn, type AccountMeasure, type MeasureBase } from './signals.ts';

export interface EvaluatedRenewal extends RenewalOutcome {
  autoRenew: boolean;
  noticeDays: number | null;
  category: ForecastCategory;
  /** 'owner': set by the account's owner; 'proposed': from signals; 'decided': renewed (commit) or churned (lost). */
  categorySource: 'owner' | 'proposed' | 'decided';
  proposed: Proposal;
  ownerCategory: CategoryRow | null;
  probability: number;
  lowMinor: number;
  expectedMinor: number;
  highMinor: number;
  signals: RenewalSignals;
  measure: AccountMeasure | null;
  npsScore: number | null;
}

/** Outcomes as of `day` of the stored contracts (`keep` narrows them), amounts in the reporting currency. */
export async function outcomesOn(
  ctx: ServiceContext,
  day: string,
  keep: (c: Contract) => boolean = () => true,
): Promise<RenewalOutcome[]> {
  const q = db(ctx);
  const contracts = (await listContracts(q)).filter(keep);
  const fx = buildFxTable(await listFxRates(q), ctx.config.reportingCurrency);
  try {
    return renewalOutcomes(contracts, fx, ctx.config.renewals, day);
  } catch (error) {
    if (error instanceof MissingFxRateError) {
      throw new UsageError(`renewals need FX rates: ${error.message} (import them with tenure import fx FILE)`);
    }
    throw error;
  }
}

/** Probabilities per category, learnt from the 30-day snapshots of renewals decided in `outcomes`. */
export async function probabilitiesFrom(
  ctx: ServiceContext,
  outcomes: readonly RenewalOutcome[],
): Promise<CategoryProbability[]> {
  const byId = new Map(outcomes.map((o) => [o.contractId, o]));
  const samples = (await listSnapshots(db(ctx))).flatMap((s) => {
    const o = byId.get(s.contractId);
    if (s.horizonDays !== 30 || !o) return [];
    return [{ category: s.category, status: o.status, dueArrMinor: o.dueArrMinor, renewedArrMinor: o.renewedArrMinor }];
  });
  return learnProbabilities(samples);
}

export interface EvaluateOptions {
  day: string;
  base: MeasureBase;
  /** The renewals to evaluate (never excluded ones). */
  select: (o: RenewalOutcome) => boolean;
  /** Only contracts known on `day` (started by then), besides the selected ones: for forecasts of the past. */
  knownOnly?: boolean;
  /** Accounts with a cancellation scheduled, by the day it takes effect (known only today, from billing). */
  cancellations?: ReadonlyMap<number, string>;
}

export async function evaluateRenewals(
  ctx: ServiceContext,
  options: EvaluateOptions,
): Promise<{ renewals: EvaluatedRenewal[]; probabilities: CategoryProbability[] }> {
  const { day, base, select } = options;
  const all = await outcomesOn(ctx, day);
  const chosen = new Set(all.filter((o) => o.status !== 'excluded' && select(o)).map((o) => o.contractId));
  const outcomes = options.knownOnly
    ? await outcomesOn(ctx, day, (c) => c.startDate <= day || chosen.has(c.contractId))
    : all;
  const probabilities = await probabilitiesFrom(ctx, outcomes);
  const q = db(ctx);
  const [owners, terms] = [await categoriesAsOf(q, day), await contractTerms(q)];
  const picked = outcomes.filter((o) => chosen.has(o.contractId));
  const open = picked.filter((o) => o.status === 'pending').map((o) => o.accountId);
  const measures = await measureAccounts(ctx, base, day, open);
  const grace = ctx.config.renewals.graceDays;
  const renewals = picked.map((o): EvaluatedRenewal => {
    const term = terms.get(o.contractId) ?? { autoRenew: false, noticeDays: null };
    const measure = measures.get(o.accountId) ?? null;
    const npsScore = npsOn(base, o.accountId, day);
    const cancelOn = options.cancellations?.get(o.accountId);
    const signals: RenewalSignals = {
      cancelled: o.status === 'churned' || (cancelOn !== undefined && dayOf(cancelOn) <= dayOf(o.dueDate) + grace),
      usageDeclining: measure?.declining ?? false,
      npsScore,
      adoptionLevel: measure?.level ?? null,
      autoRenew: term.autoRenew,
    };
    const proposed = proposeCategory(signals);
    const owner = owners.get(o.contractId) ?? null;
    const decided = o.status === 'renewed' || o.status === 'churned';
    const category: ForecastCategory = decided
      ? o.status === 'renewed'
        ? 'commit'
        : 'lost'
      : (owner?.category ?? proposed.category);
    const categorySource = decided ? 'decided' : owner?.category ? 'owner' : 'proposed';
    const probability = probabilityOf(probabilities, category);
    const figure = forecastOf({ ...o, category }, probability);
    return {
      ...o,
      ...term,
      category,
      categorySource,
      proposed,
      ownerCategory: owner,
      probability,
      ...figure,
      signals,
      measure,
      npsScore,
    };
  });
  return { renewals, probabilities };
}

/** 'YYYY-MM-DD' `days` after `day`. */
export const plusDays = (day: string, days: number) => formatDay(dayOf(day) + days);
