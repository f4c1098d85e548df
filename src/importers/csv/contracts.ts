import { csvRows, KeyLines, mapColumns, type ColumnSpecs } from './columns.ts';
import type { CsvTable } from './read.ts';

/** Term contracts: `end_date` exclusive, `arr` in major units of `currency`. */
export const CONTRACT_COLUMNS = {
  contractId: { names: ['contract_id'], required: true },
  accountId: { names: ['account_id'], required: true },
  startDate: { names: ['start_date'], required: true },
  endDate: { names: ['end_date'], required: true },
  arr: { names: ['arr'], required: true },
  currency: { names: ['currency'], required: true },
  autoRenew: { names: ['auto_renew'], required: true },
  noticeDays: { names: ['notice_days'], required: true },
  exclusionReason: { names: ['exclusion_reason'], required: true },
} as const satisfies ColumnSpecs<string>;

export interface ContractRow {
  contract_id: string;
  account_external_id: string;
  start_on: string;
  end_on: string;
  arr_minor: number;
  currency: string;
  auto_renew: boolean;
  notice_days: number | null;
  exclusion_reason: string | null;
}

/**
 * Validates a contracts file whole: every value, end after start, and each contract_id once; with
 * `exclusionReasons`, an exclusion_reason must be one of them (any letter case; stored as the list spells it).
 */
export function parseContracts(table: CsvTable, exclusionReasons?: readonly string[]): ContractRow[] {
  const listed = new Map((exclusionReasons ?? []).map((r) => [r.toLowerCase(), r]));
  const columns = mapColumns(table, CONTRACT_COLUMNS);
  const keys = new KeyLines();
  const contracts: ContractRow[] = [];
  for (const row of csvRows(table, columns)) {
    const contractId = row.required('contractId');
    const account = row.required('accountId');
    const start = row.date('startDate') ?? row.fail(row.columnName('startDate'), 'a date YYYY-MM-DD', '');
    const end = row.date('endDate') ?? row.fail(row.columnName('endDate'), 'a date YYYY-MM-DD', '');
    if (end <= start) {
      row.fail(row.columnName('endDate'), `a date after ${row.columnName('startDate')} ${start} (exclusive end)`, end);
    }
    const currency = row.currency('currency');
    const arr = row.amount('arr', currency) ?? row.fail(row.columnName('arr'), `a ${currency} amount`, '');
    keys.claim(row, contractId, row.columnName('contractId'), contractId);
    let exclusion = row.text('exclusionReason');
    if (exclusion !== null && exclusionReasons !== undefined) {
      exclusion =
        listed.get(exclusion.toLowerCase()) ??
        row.fail(
          row.columnName('exclusionReason'),
          `empty or an exclusion reason on the list (${exclusionReasons.join(', ') || 'none yet'}; admins edit it)`,
          exclusion,
        );
    }
    contracts.push({
      contract_id: contractId,
      account_external_id: account,
      start_on: start,
      end_on: end,
      arr_minor: arr,
      currency,
      auto_renew: row.boolean('autoRenew') ?? false,
      notice_days: row.count('noticeDays'),
      exclusion_reason: exclusion,
    });
  }
  return contracts;
}
