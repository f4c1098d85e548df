// The scorecard's book measures beyond the ledger: tier mix and coverage, renewals, health mix, NPS and tasks,
// plus the team and company roll-ups. Attribution follows scorecard.ts: what is measured at a point (the book, its
// tiers, its health) counts to the owner on the period's end day; what happens during the period (renewals due,
// survey answers) to the owner on its first day; tasks to their assignee. Pure: no I/O, no clock.
import { npsCategory } from '../surveys/metrics.ts';
import { formatDay, type DayNumber } from '../period.ts';
import { tierOf, type TierDefinition } from '../tiers/tiers.ts';

export type HealthBand = 'red' | 'yellow' | 'green';

export interface TierMixEntry {
  /** The tier's key; '' for accounts no tier takes. */
  tier: string;
  accounts: number;
  arrMinor: number;
  targetAccounts: number | null;
  targetArrMinor: number | null;
}

export interface BookMeasures {
  tierMix: TierMixEntry[];
  /** Σ over tiers with a target of accounts ÷ the tier's accounts per CSM: the book in CSMs' worth (1 = one full book). */
  coverageAccounts: number | null;
  coverageArr: number | null;
  renewalsDue: number;
  renewalsRenewed: number;
  renewalsChurned: number;
  renewalsPending: number;
  /** Due ARR of the decided (renewed or churned) renewals, renewed ARR, and renewed ARR capped at the due ARR. */
  renewalDueArrMinor: number;
  renewalRenewedArrMinor: number;
  renewalKeptArrMinor: number;
  renewalRate: number | null;
  renewalRateAmount: number | null;
  renewalRateAmountNet: number | null;
  healthGreenAccounts: number;
  healthYellowAccounts: number;
  healthRedAccounts: number;
  healthUnscoredAccounts: number;
  healthGreenArrMinor: number;
  healthYellowArrMinor: number;
  healthRedArrMinor: number;
  healthUnscoredArrMinor: number;
  /** ARR of the accounts in the red band at the period's end. */
  arrAtRiskMinor: number;
  npsAnswers: number;
  npsPromoters: number;
  npsDetractors: number;
  nps: number | null;
  tasksDone: number;
  tasksOverdue: number;
  /** Σ min(MRR then, MRR at the end) of the NRR cohort: GRR's numerator. */
  grrKeptMrrMinor: number;
}

export interface AccountTierFacts {
  segment: string | null;
  icpFit: boolean | null;
  /** A tier set by hand, from the day it was set to its expiry day (inclusive). */
  override: { tierKey: string; fromDay: DayNumber; expiresOn: string } | null;
}

export interface RenewalFact {
  accountId: number;
  dueDay: DayNumber;
  status: 'renewed' | 'churned' | 'pending' | 'excluded';
  dueArrMinor: number;
  renewedArrMinor: number;
}

export interface TaskFact {
  /** The assignee's key (email, lower case); '' for nobody. */
  assignee: string;
  createdDay: DayNumber;
  dueDay: DayNumber | null;
  /** The day it was done, cancelled or closed; null while open. */
  finishedDay: DayNumber | null;
  done: boolean;
}

export interface BookInput {
  tiers: readonly TierDefinition[];
  accounts: ReadonlyMap<number, AccountTierFacts>;
  renewals: readonly RenewalFact[];
  /** Each account's health band on each period's end day, by period label. */
  healthAt: ReadonlyMap<string, ReadonlyMap<number, HealthBand>>;
  answers: readonly { accountId: number; day: DayNumber; score: number }[];
  tasks: readonly TaskFact[];
}

export function blankMeasures(): BookMeasures {
  return {
    tierMix: [],
    coverageAccounts: null,
    coverageArr: null,
    renewalsDue: 0,
    renewalsRenewed: 0,
    renewalsChurned: 0,
    renewalsPending: 0,
    renewalDueArrMinor: 0,
    renewalRenewedArrMinor: 0,
    renewalKeptArrMinor: 0,
    renewalRate: null,
    renewalRateAmount: null,
    renewalRateAmountNet: null,
    healthGreenAccounts: 0,
    healthYellowAccounts: 0,
    healthRedAccounts: 0,
    healthUnscoredAccounts: 0,
    healthGreenArrMinor: 0,
    healthYellowArrMinor: 0,
    healthRedArrMinor: 0,
    healthUnscoredArrMinor: 0,
    arrAtRiskMinor: 0,
    npsAnswers: 0,
    npsPromoters: 0,
    npsDetractors: 0,
    nps: null,
    tasksDone: 0,
    tasksOverdue: 0,
    grrKeptMrrMinor: 0,
  };
}

function addTier(
  row: BookMeasures,
  tier: string,
  accounts: number,
  arrMinor: number,
  tiers: readonly TierDefinition[],
) {
  let entry = row.tierMix.find((e) => e.tier === tier);
  if (!entry) {
    const def = tiers.find((t) => t.key === tier);
    entry = {
      tier,
      accounts: 0,
      arrMinor: 0,
      targetAccounts: def?.targetAccountsPerCsm ?? null,
      targetArrMinor: def?.targetArrPerCsmMinor ?? null,
    };
    row.tierMix.push(entry);
  }
  entry.accounts += accounts;
  entry.arrMinor += arrMinor;
}

/** One paying account of the book at the period's end: its tier then and its health band on the end day. */
export function addBookAccount(
  row: BookMeasures,
  book: BookInput,
  at: { accountId: number; arrMinor: number; plan: string | null; endDay: DayNumber; period: string },
): void {
  const facts = book.accounts.get(at.accountId);
  const o = facts?.override;
  const override = o && o.fromDay <= at.endDay ? { tierKey: o.tierKey, expiresOn: o.expiresOn } : null;
  const { tier } = tierOf(
    book.tiers,
    { arrMinor: at.arrMinor, plan: at.plan, segment: facts?.segment ?? null, icpFit: facts?.icpFit ?? null },
    override,
    formatDay(at.endDay),
  );
  addTier(row, tier ?? '', 1, at.arrMinor, book.tiers);
  const band = book.healthAt.get(at.period)?.get(at.accountId);
  if (band === 'green') {
    row.healthGreenAccounts++;
    row.healthGreenArrMinor += at.arrMinor;
  } else if (band === 'yellow') {
    row.healthYellowAccounts++;
    row.healthYellowArrMinor += at.arrMinor;
  } else if (band === 'red') {
    row.healthRedAccounts++;
    row.healthRedArrMinor += at.arrMinor;
  } else {
    row.healthUnscoredAccounts++;
    row.healthUnscoredArrMinor += at.arrMinor;
  }
}

export function addRenewal(row: BookMeasures, r: RenewalFact): void {
  row.renewalsDue++;
  if (r.status === 'pending') row.renewalsPending++;
  if (r.status !== 'renewed' && r.status !== 'churned') return;
  if (r.status === 'renewed') row.renewalsRenewed++;
  else row.renewalsChurned++;
  row.renewalDueArrMinor += r.dueArrMinor;
  row.renewalRenewedArrMinor += r.renewedArrMinor;
  row.renewalKeptArrMinor += Math.min(r.renewedArrMinor, r.dueArrMinor);
}

export function addAnswer(row: BookMeasures, score: number): void {
  row.npsAnswers++;
  const category = npsCategory(score);
  if (category === 'promoter') row.npsPromoters++;
  else if (category === 'detractor') row.npsDetractors++;
}

/** Done in the period; overdue at its end (due before the end day and not finished by then). `row` is asked only
 * when the task counts, so an assignee with nothing done or overdue gets no row. */
export function addTask(row: () => BookMeasures, t: TaskFact, startDay: DayNumber, endDay: DayNumber): void {
  const done = t.done && t.finishedDay !== null && t.finishedDay >= startDay && t.finishedDay <= endDay;
  const openAtEnd = t.createdDay <= endDay && (t.finishedDay === null || t.finishedDay > endDay);
  const overdue = openAtEnd && t.dueDay !== null && t.dueDay < endDay;
  if (done) row().tasksDone++;
  if (overdue) row().tasksOverdue++;
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** The measures' ratios from their parts (so a roll-up recomputes them from sums, never averages them). */
export function finishMeasures(row: BookMeasures, tiers: readonly TierDefinition[]): void {
  const rank = (key: string) => tiers.find((t) => t.key === key)?.rank ?? Infinity;
  row.tierMix.sort((a, b) => rank(a.tier) - rank(b.tier) || a.tier.localeCompare(b.tier));
  const withAccounts = row.tierMix.filter((e) => e.targetAccounts !== null);
  const withArr = row.tierMix.filter((e) => e.targetArrMinor !== null);
  const anyAccountsTarget = tiers.some((t) => t.targetAccountsPerCsm !== null);
  const anyArrTarget = tiers.some((t) => t.targetArrPerCsmMinor !== null);
  row.coverageAccounts = anyAccountsTarget
    ? withAccounts.reduce((s, e) => s + e.accounts / (e.targetAccounts ?? 1), 0)
    : null;
  row.coverageArr = anyArrTarget ? withArr.reduce((s, e) => s + e.arrMinor / (e.targetArrMinor ?? 1), 0) : null;
  row.renewalRate = share(row.renewalsRenewed, row.renewalsRenewed + row.renewalsChurned);
  row.renewalRateAmount = share(row.renewalKeptArrMinor, row.renewalDueArrMinor);
  row.renewalRateAmountNet = share(row.renewalRenewedArrMinor, row.renewalDueArrMinor);
  row.arrAtRiskMinor = row.healthRedArrMinor;
  row.nps = row.npsAnswers > 0 ? ((row.npsPromoters - row.npsDetractors) * 100) / row.npsAnswers : null;
}

/** Adds `from`'s additive parts into `into` (ratios are left for finishMeasures). */
export function addMeasures(into: BookMeasures, from: BookMeasures, tiers: readonly TierDefinition[]): void {
  for (const e of from.tierMix) addTier(into, e.tier, e.accounts, e.arrMinor, tiers);
  const keys = [
    'renewalsDue',
    'renewalsRenewed',
    'renewalsChurned',
    'renewalsPending',
    'renewalDueArrMinor',
    'renewalRenewedArrMinor',
    'renewalKeptArrMinor',
    'healthGreenAccounts',
    'healthYellowAccounts',
    'healthRedAccounts',
    'healthUnscoredAccounts',
    'healthGreenArrMinor',
    'healthYellowArrMinor',
    'healthRedArrMinor',
    'healthUnscoredArrMinor',
    'npsAnswers',
    'npsPromoters',
    'npsDetractors',
    'tasksDone',
    'tasksOverdue',
    'grrKeptMrrMinor',
  ] as const;
  for (const k of keys) into[k] += from[k];
}
