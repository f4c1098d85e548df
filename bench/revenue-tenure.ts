// The Tenure contender: reads subscription_periods from the store and computes the ledger with
// src/core/revenue. The service `recomputeRevenue({ ctx })` will replace the body once it exists.
import type { MonthlyTotals } from './lib/totals.ts';
import type { Store } from '../src/store/types.ts';

export const TENURE_NOT_WIRED = 'Tenure engine not wired yet';

/** Months are 'YYYY-MM', inclusive; the engine has no clock, so the bench passes the horizon in. */
export interface Horizon {
  firstMonth: string;
  lastMonth: string;
}

export type TenureContender = (store: Store, horizon: Horizon) => Promise<MonthlyTotals[]>;

/** Until wired, rejects with TENURE_NOT_WIRED; the harness then reports Tenure as missing. */
export const runTenure: TenureContender = () => Promise.reject(new Error(TENURE_NOT_WIRED));
