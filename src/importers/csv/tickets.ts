// Support tickets from CSV: ticket_id, account_id, opened_at, closed_at, priority, csat. Each row is checked alone;
// the service resolves the accounts.
import { csvRows, KeyLines, mapColumns, type ColumnSpecs } from './columns.ts';
import type { CsvTable } from './read.ts';

export const TICKET_COLUMNS = {
  ticketId: { names: ['ticket_id'], required: true },
  accountId: { names: ['account_id'], required: true },
  openedAt: { names: ['opened_at'], required: true },
  closedAt: { names: ['closed_at'], required: true },
  priority: { names: ['priority'], required: true },
  csat: { names: ['csat'], required: true },
} as const satisfies ColumnSpecs<string>;

export interface TicketRow {
  line: number;
  ticket_id: string;
  account_external_id: string;
  opened_at: string;
  closed_at: string | null;
  priority: string | null;
  csat: number | null;
}

/** Validates a tickets file whole: timestamps, closed not before opened, CSAT 1–5, each ticket_id once. */
export function parseTickets(table: CsvTable): TicketRow[] {
  const columns = mapColumns(table, TICKET_COLUMNS);
  const keys = new KeyLines();
  const tickets: TicketRow[] = [];
  for (const row of csvRows(table, columns)) {
    const ticketId = row.required('ticketId');
    keys.claim(row, ticketId, row.columnName('ticketId'), ticketId);
    const account = row.required('accountId');
    const opened = row.timestamp('openedAt') ?? row.fail(row.columnName('openedAt'), 'an ISO 8601 timestamp', '');
    const closed = row.timestamp('closedAt');
    if (closed !== null && Date.parse(closed) < Date.parse(opened)) {
      row.fail(row.columnName('closedAt'), `a time not before ${row.columnName('openedAt')} ${opened}`, closed);
    }
    const csatText = row.text('csat');
    const csat = csatText === null ? null : /^[1-5]$/.test(csatText) ? Number(csatText) : NaN;
    if (Number.isNaN(csat)) row.fail(row.columnName('csat'), 'a whole number from 1 to 5, or empty', csatText ?? '');
    tickets.push({
      line: row.line,
      ticket_id: ticketId,
      account_external_id: account,
      opened_at: opened,
      closed_at: closed,
      priority: row.text('priority')?.toLowerCase() ?? null,
      csat,
    });
  }
  return tickets;
}
