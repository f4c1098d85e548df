// SQL for term contracts (renewals): the upsert spec imports use, and the reads the renewal reports need.
import type { Contract } from '../core/renewals/renewals.ts';
import type { FxRate } from '../core/fx.ts';
import type { Queryable } from './types.ts';
import type { UpsertSpec } from './upsert.ts';

export const CONTRACTS: UpsertSpec = {
  table: 'contracts',
  key: ['contract_id'],
  columns: {
    contract_id: 'text',
    account_id: 'bigint',
    start_on: 'date',
    end_on: 'date',
    arr_minor: 'bigint',
    currency: 'text',
    auto_renew: 'boolean',
    notice_days: 'integer',
    exclusion_reason: 'text',
    source: 'text',
  },
  insertOnly: ['source'],
};

/** Every contract, ordered by account and start. */
export async function listContracts(q: Queryable): Promise<Contract[]> {
  const rows = await q.query<{
    contract_id: string;
    account_id: number;
    start_on: string;
    end_on: string;
    arr_minor: number;
    currency: string;
    exclusion_reason: string | null;
  }>(
    `SELECT contract_id, account_id, start_on, end_on, arr_minor, currency, exclusion_reason
     FROM contracts ORDER BY account_id, start_on, contract_id`,
  );
  return rows.map((r) => ({
    contractId: r.contract_id,
    accountId: r.account_id,
    startDate: r.start_on,
    endDate: r.end_on,
    arrMinor: r.arr_minor,
    currency: r.currency,
    exclusionReason: r.exclusion_reason,
  }));
}

/** Every stored FX rate. */
export async function listFxRates(q: Queryable): Promise<FxRate[]> {
  const rows = await q.query<{ on_date: string; currency: string; quote: string; rate: number }>(
    `SELECT on_date, currency, quote, rate FROM fx_rates`,
  );
  return rows.map((r) => ({ day: r.on_date, currency: r.currency, quote: r.quote, rate: r.rate }));
}
