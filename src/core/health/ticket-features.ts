// Support load as churn-model features, point in time: tickets opened in the 30 and 90 days up to the as-of day,
// high-priority tickets still open on it, and the mean CSAT of tickets closed in the last 90 days. A ticket's CSAT
// is given when it closes, so a ticket closed after the as-of day contributes no CSAT (it was not known yet).
import type { DayNumber } from '../period.ts';
import type { FeatureSource } from './features.ts';

export interface TicketEvent {
  openedDay: DayNumber;
  /** Null while the ticket is open. */
  closedDay: DayNumber | null;
  /** Lower case as imported: low, normal, high, urgent, … */
  priority: string | null;
  csat: number | null;
}

/** Priorities counted as high. */
export const HIGH_PRIORITIES: ReadonlySet<string> = new Set(['high', 'urgent', 'critical', 'p1', 'p0']);

export const TICKET_FEATURES = ['tickets_30d', 'tickets_90d', 'open_high_priority_tickets', 'ticket_csat_90d'];

export function ticketFeatures(tickets: readonly TicketEvent[], asOfDay: DayNumber): number[] {
  let opened30 = 0;
  let opened90 = 0;
  let openHigh = 0;
  let csatSum = 0;
  let csatCount = 0;
  for (const t of tickets) {
    if (t.openedDay > asOfDay) continue;
    if (t.openedDay > asOfDay - 30) opened30 += 1;
    if (t.openedDay > asOfDay - 90) opened90 += 1;
    const open = t.closedDay === null || t.closedDay > asOfDay;
    if (open && t.priority !== null && HIGH_PRIORITIES.has(t.priority)) openHigh += 1;
    if (!open && t.closedDay !== null && t.closedDay > asOfDay - 90 && t.csat !== null) {
      csatSum += t.csat;
      csatCount += 1;
    }
  }
  return [opened30, opened90, openHigh, csatCount > 0 ? csatSum / csatCount : Number.NaN];
}

/** Present only when tickets were imported (settings.tickets): otherwise a book without tickets has no such columns. */
export const ticketSource: FeatureSource = {
  name: 'tickets',
  names: (settings) => (settings.tickets === true ? [...TICKET_FEATURES] : []),
  values: ({ history, asOfDay }, settings) =>
    settings.tickets === true ? ticketFeatures(history.tickets ?? [], asOfDay) : [],
};
