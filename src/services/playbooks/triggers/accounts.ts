// Signals read from the accounts themselves: a segment, and a date field.
import { db } from '../../context.ts';
import { fail, child, text, whole, type Json } from '../fields.ts';
import { addDays, dayText, defineTrigger } from './types.ts';

export const segmentEntered = defineTrigger<{ segment: string }>({
  signal: 'segment',
  description: 'the account is in a segment: {"segment": "Enterprise"} (it enters when its segment changes to it)',
  options: ['segment'],
  parse: (trigger, at) => ({ segment: text(trigger, 'segment', at) }),
  match: async (ctx, { segment }) => {
    const rows = await db(ctx).query<{ id: number }>(`SELECT id FROM accounts WHERE segment = $1`, [segment]);
    return new Map(rows.map((r) => [r.id, `segment ${segment}`]));
  },
});

/** `first_seen_on`, or a day stored in the account's attributes (`attributes.go_live`). */
function dateField(trigger: Json, at: { file: string; path: string }): string {
  const field = text(trigger, 'field', at);
  if (field !== 'first_seen_on' && !/^attributes\.[A-Za-z0-9_-]{1,60}$/.test(field)) {
    fail(child(at, 'field'), 'first_seen_on or attributes.<key>', field);
  }
  return field;
}

export const dateReached = defineTrigger<{ field: string; daysAfter: number; withinDays: number }>({
  signal: 'date',
  description:
    'a day comes: {"field": "first_seen_on" | "attributes.<key>", "days_after": 30, "within_days": 7} (matches from that day for within_days days)',
  options: ['field', 'days_after', 'within_days'],
  parse: (trigger, at) => ({
    field: dateField(trigger, at),
    daysAfter: whole(trigger, 'days_after', at, { min: -3650, max: 3650, default: 0 }),
    withinDays: whole(trigger, 'within_days', at, { min: 1, max: 366, default: 7 }),
  }),
  match: async (ctx, { field, daysAfter, withinDays }, today) => {
    const expr =
      field === 'first_seen_on'
        ? 'first_seen_on'
        : `CASE WHEN attributes->>$3 ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN (attributes->>$3)::date END`;
    const from = addDays(today, -daysAfter - withinDays + 1);
    const to = addDays(today, -daysAfter);
    const params: unknown[] = [from, to];
    if (field !== 'first_seen_on') params.push(field.slice('attributes.'.length));
    const rows = await db(ctx).query<{ id: number; day: string | Date }>(
      `SELECT id, d AS day FROM (SELECT id, ${expr} AS d FROM accounts) a WHERE d BETWEEN $1::date AND $2::date`,
      params,
    );
    return new Map(rows.map((r) => [r.id, `${field} ${dayText(r.day)} + ${daysAfter} days`]));
  },
});
