// Signals from health and prediction: an account's latest health band, its churn risk, a success-plan milestone late.
import { db } from '../../context.ts';
import { child, fail, oneOf, whole, type Json } from '../fields.ts';
import { dayText, defineTrigger } from './types.ts';

const BANDS = ['red', 'yellow', 'green'] as const;

export const healthBand = defineTrigger<{ band: (typeof BANDS)[number] }>({
  signal: 'health_band',
  description: 'the account\'s latest health score (on or before today) is in a band: {"band": "red"}',
  options: ['band'],
  parse: (trigger, at) => ({ band: oneOf(trigger, 'band', at, BANDS) }),
  match: async (ctx, { band }, today) => {
    const rows = await db(ctx).query<{ account_id: number; score: number | null }>(
      `SELECT account_id, score FROM (
         SELECT DISTINCT ON (account_id) account_id, band, score FROM health_scores
          WHERE day <= $1::date ORDER BY account_id, day DESC) latest
        WHERE band = $2`,
      [today, band],
    );
    return new Map(rows.map((r) => [r.account_id, `health ${band}${r.score === null ? '' : ` (${r.score})`}`]));
  },
});

/** A probability such as 0.3 (30%), strictly between 0 and 1. */
function probability(trigger: Json, key: string, at: { file: string; path: string }): number {
  const value = trigger[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value >= 1) {
    fail(child(at, key), 'a probability between 0 and 1, such as 0.3 (30%)', value);
  }
  return value;
}

export const churnRiskAbove = defineTrigger<{ above: number }>({
  signal: 'churn_risk',
  description:
    'the churn model gives the account at least this probability of churning within its horizon: {"above": 0.3}',
  options: ['above'],
  parse: (trigger, at) => ({ above: probability(trigger, 'above', at) }),
  match: async (ctx, { above }) => {
    const rows = await db(ctx).query<{ account_id: number; churn_probability: number }>(
      `SELECT account_id, churn_probability FROM churn_risk WHERE churn_probability >= $1`,
      [above],
    );
    return new Map(rows.map((r) => [r.account_id, `churn risk ${Math.round(r.churn_probability * 100)}%`]));
  },
});

export const milestoneLate = defineTrigger<{ day: number | undefined }>({
  signal: 'milestone_late',
  description:
    'a success-plan milestone is past its due day and not completed; {"day": 30} only the day-30 ones, {} any',
  options: ['day'],
  parse: (trigger, at) => ({
    day: trigger.day === undefined ? undefined : whole(trigger, 'day', at, { min: 1, max: 3650 }),
  }),
  match: async (ctx, { day }, today) => {
    const rows = await db(ctx).query<{ account_id: number; title: string; due_on: string | Date }>(
      `SELECT DISTINCT ON (p.account_id) p.account_id, m.title, m.due_on
         FROM success_milestones m JOIN success_plans p ON p.id = m.plan_id
        WHERE m.completed_on IS NULL AND m.due_on < $1::date AND ($2::integer IS NULL OR m.due_day = $2)
        ORDER BY p.account_id, m.due_on`,
      [today, day ?? null],
    );
    return new Map(rows.map((r) => [r.account_id, `milestone "${r.title}" due ${dayText(r.due_on)} is late`]));
  },
});
