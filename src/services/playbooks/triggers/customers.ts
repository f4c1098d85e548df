// Signals from what customers said and signed: an NPS detractor, a renewal coming up, an incoming event.
import { db } from '../../context.ts';
import { text, whole } from '../fields.ts';
import { addDays, dayText, defineTrigger } from './types.ts';

export const npsDetractor = defineTrigger<{ withinDays: number }>({
  signal: 'nps_detractor',
  description:
    'the account\'s latest NPS answer in the last within_days days (default 30) scored 0–6: {"within_days": 30}',
  options: ['within_days'],
  parse: (trigger, at) => ({ withinDays: whole(trigger, 'within_days', at, { min: 1, max: 3650, default: 30 }) }),
  match: async (ctx, { withinDays }, today) => {
    const rows = await db(ctx).query<{ account_id: number; score: number }>(
      `SELECT account_id, score FROM (
         SELECT DISTINCT ON (account_id) account_id, score FROM survey_responses
          WHERE kind = 'nps' AND NOT dismissed AND score IS NOT NULL
            AND responded_at >= $1::date AND responded_at < $2::date
          ORDER BY account_id, responded_at DESC, id DESC) latest
        WHERE score <= 6`,
      [addDays(today, -withinDays + 1), addDays(today, 1)],
    );
    return new Map(rows.map((r) => [r.account_id, `NPS ${r.score}`]));
  },
});

export const renewalWithin = defineTrigger<{ days: number }>({
  signal: 'renewal_within',
  description: 'a contract ends within N days and no later contract follows it: {"days": 90}',
  options: ['days'],
  parse: (trigger, at) => ({ days: whole(trigger, 'days', at, { min: 1, max: 3650 }) }),
  match: async (ctx, { days }, today) => {
    const rows = await db(ctx).query<{ account_id: number; end_on: string | Date }>(
      `SELECT c.account_id, min(c.end_on) AS end_on FROM contracts c
        WHERE c.end_on >= $1::date AND c.end_on <= $2::date AND c.exclusion_reason IS NULL
          AND NOT EXISTS (SELECT 1 FROM contracts n
                           WHERE n.account_id = c.account_id AND n.id <> c.id AND n.end_on > c.end_on
                             AND n.start_on >= c.start_on)
        GROUP BY c.account_id`,
      [today, addDays(today, days)],
    );
    return new Map(rows.map((r) => [r.account_id, `renewal due ${dayText(r.end_on)}`]));
  },
});

export const incomingEvent = defineTrigger<{ event: string; withinDays: number }>({
  signal: 'event',
  description: 'the account sent a usage event of this name in the last within_days days: {"event": "Plan Downgraded"}',
  options: ['event', 'within_days'],
  parse: (trigger, at) => ({
    event: text(trigger, 'event', at),
    withinDays: whole(trigger, 'within_days', at, { min: 1, max: 366, default: 7 }),
  }),
  match: async (ctx, { event, withinDays }, today) => {
    const rows = await db(ctx).query<{ account_id: number; n: number | string }>(
      `SELECT account_id, count(*) AS n FROM usage_events
        WHERE event = $1 AND account_id IS NOT NULL AND occurred_at >= $2::date AND occurred_at < $3::date
        GROUP BY account_id`,
      [event, addDays(today, -withinDays + 1), addDays(today, 1)],
    );
    return new Map(rows.map((r) => [r.account_id, `${Number(r.n)} × ${event}`]));
  },
});
