// Survey answers per account and tied to revenue. Pure.
//
// ─── Definitions ───────────────────────────────────────────────────────────────────────────────────────
// Account NPS (over a window): each person's latest NPS answer in the window (a person is the answer's user id,
//   else its contact email, else the answer alone), then % promoters − % detractors of those answers.
// Account category: promoter when its NPS > 0 (more promoters than detractors among its people), detractor
//   when < 0, passive at 0; with one person answering this is that person's category.
// ARR-weighted NPS: Σ (account NPS × account ARR) ÷ Σ account ARR, over the accounts with answers in the window
//   and ARR (12 × MRR in the window's last month) > 0: an account's voice counts by what it pays.
// Retention by category: the accounts paying in the month 12 months before the as-of day, grouped by their
//   category over the 12 months ending that day; then over the next 12 months (as the revenue T12M cohort):
//   NRR = Σ MRR now ÷ Σ MRR then; GRR = Σ min(MRR now, MRR then) ÷ Σ MRR then; logo churn = accounts not paying
//   now ÷ accounts; expansion = NRR − GRR (and accounts paying more now).
// ───────────────────────────────────────────────────────────────────────────────────────────────────────
import { npsOf, type NpsCategory, type NpsResult } from './metrics.ts';

export interface PersonAnswer {
  accountId: number;
  /** Who answered: `user:<id>`, `email:<lower-case email>` or `response:<id>`. */
  person: string;
  score: number;
  respondedAt: string;
}

/** Each person's latest answer (ties: the later in the input). */
export function latestPerPerson<T extends PersonAnswer>(answers: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const a of answers) {
    const key = `${a.accountId}|${a.person}`;
    const held = latest.get(key);
    if (!held || a.respondedAt >= held.respondedAt) latest.set(key, a);
  }
  return [...latest.values()];
}

export type AccountNps = NpsResult & { accountId: number; category: NpsCategory };

/** Account NPS from each person's latest answer; `answers` already cut to the window. */
export function accountNps(answers: readonly PersonAnswer[]): Map<number, AccountNps> {
  const byAccount = new Map<number, number[]>();
  for (const a of latestPerPerson(answers)) {
    const list = byAccount.get(a.accountId);
    if (list) list.push(a.score);
    else byAccount.set(a.accountId, [a.score]);
  }
  const out = new Map<number, AccountNps>();
  for (const [accountId, scores] of byAccount) {
    const result = npsOf(scores);
    out.set(accountId, { ...result, accountId, category: accountCategory(result.nps ?? 0) });
  }
  return out;
}

export function accountCategory(nps: number): NpsCategory {
  return nps > 0 ? 'promoter' : nps < 0 ? 'detractor' : 'passive';
}

export interface ArrWeightedNps {
  /** Accounts with answers and ARR > 0. */
  accounts: number;
  arrMinor: number;
  /** Σ NPS × ARR ÷ Σ ARR; null without such accounts. */
  nps: number | null;
  /** The plain mean of the same accounts' NPS, for comparison. */
  accountMeanNps: number | null;
}

export function arrWeightedNps(
  accounts: ReadonlyMap<number, AccountNps>,
  arrOf: (accountId: number) => number,
): ArrWeightedNps {
  let arr = 0;
  let weighted = 0;
  let plain = 0;
  let n = 0;
  for (const a of accounts.values()) {
    const value = arrOf(a.accountId);
    if (a.nps === null || value <= 0) continue;
    arr += value;
    weighted += a.nps * value;
    plain += a.nps;
    n++;
  }
  return {
    accounts: n,
    arrMinor: arr,
    nps: arr > 0 ? weighted / arr : null,
    accountMeanNps: n > 0 ? plain / n : null,
  };
}

export interface RetentionOutcome {
  /** null: the account gave no NPS answer in the 12 months before the start. */
  category: NpsCategory | null;
  startMrrMinor: number;
  endMrrMinor: number;
}

export const RETENTION_GROUPS = ['promoter', 'passive', 'detractor', 'unsurveyed', 'all'] as const;
export type RetentionGroup = (typeof RETENTION_GROUPS)[number];

export interface RetentionByCategory {
  category: RetentionGroup;
  accounts: number;
  startArrMinor: number;
  endArrMinor: number;
  nrr: number | null;
  grr: number | null;
  churned: number;
  logoChurnRate: number | null;
  expanded: number;
  expansionRate: number | null;
}

function row(category: RetentionGroup, outcomes: readonly RetentionOutcome[]): RetentionByCategory {
  const paying = outcomes.filter((o) => o.startMrrMinor > 0);
  const start = paying.reduce((a, o) => a + o.startMrrMinor, 0);
  const end = paying.reduce((a, o) => a + o.endMrrMinor, 0);
  const kept = paying.reduce((a, o) => a + Math.min(o.startMrrMinor, o.endMrrMinor), 0);
  const churned = paying.filter((o) => o.endMrrMinor <= 0).length;
  const nrr = start > 0 ? end / start : null;
  const grr = start > 0 ? kept / start : null;
  return {
    category,
    accounts: paying.length,
    startArrMinor: start * 12,
    endArrMinor: end * 12,
    nrr,
    grr,
    churned,
    logoChurnRate: paying.length > 0 ? churned / paying.length : null,
    expanded: paying.filter((o) => o.endMrrMinor > o.startMrrMinor).length,
    expansionRate: nrr === null || grr === null ? null : nrr - grr,
  };
}

/** Rows for promoter, passive and detractor accounts, accounts without answers, and all (only paying at start). */
export function retentionByCategory(outcomes: readonly RetentionOutcome[]): RetentionByCategory[] {
  return [
    ...(['promoter', 'passive', 'detractor'] as const).map((c) =>
      row(
        c,
        outcomes.filter((o) => o.category === c),
      ),
    ),
    row(
      'unsurveyed',
      outcomes.filter((o) => o.category === null),
    ),
    row('all', outcomes),
  ];
}
