// Bulk loads generated histories into a Tenure store (PGlite or PostgreSQL) through the Store API,
// one chunk at a time: accounts from a generate_series, periods from an unnest of column arrays.
import { generatePeriods, type GenerateOptions } from './lib/generate.ts';
import { monthStartDate } from './lib/totals.ts';
import type { Store } from '../src/store/types.ts';

export interface LoadCounts {
  accounts: number;
  periods: number;
}

// Account ids are the generator's 1-based customer numbers, so periods need no lookup by external id.
const INSERT_ACCOUNTS = `
  INSERT INTO accounts (id, external_id, name, source) OVERRIDING SYSTEM VALUE
  SELECT id, 'acct_' || id, 'Customer ' || id, 'bench' FROM generate_series($1::bigint, $2::bigint) AS id`;

const INSERT_PERIODS = `
  INSERT INTO subscription_periods
    (subscription_external_id, account_id, start_on, end_on, monthly_amount_minor, currency, plan, quantity, source)
  SELECT s, a, st, en, amt, 'USD', p, q, 'bench'
  FROM unnest($1::text[], $2::bigint[], $3::date[], $4::date[], $5::bigint[], $6::text[], $7::int[])
    AS u(s, a, st, en, amt, p, q)`;

/** Fails unless the store has no accounts yet: the bench never mixes its rows with real data. */
export async function assertEmpty(store: Store): Promise<void> {
  const rows = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM accounts`);
  if ((rows[0]?.n ?? 0) > 0) {
    throw new Error(`${store.location} already has accounts; the revenue bench needs an empty database`);
  }
}

export async function loadStore(store: Store, options: GenerateOptions): Promise<LoadCounts> {
  const counts: LoadCounts = { accounts: 0, periods: 0 };
  for (const chunk of generatePeriods(options)) {
    await store.transaction(async (tx) => {
      await tx.execute(INSERT_ACCOUNTS, [chunk.firstAccount, chunk.firstAccount + chunk.accountCount - 1]);
      await tx.execute(INSERT_PERIODS, [
        chunk.subscription,
        chunk.account,
        chunk.startMonth.map(monthStartDate),
        chunk.endMonth.map((m) => (m === null ? null : monthStartDate(m))),
        chunk.amountMinor,
        chunk.plan,
        chunk.quantity,
      ]);
    });
    counts.accounts += chunk.accountCount;
    counts.periods += chunk.account.length;
  }
  await store.exec(
    `SELECT setval(pg_get_serial_sequence('accounts', 'id'), (SELECT max(id) FROM accounts));
     ANALYZE accounts; ANALYZE subscription_periods`,
  );
  return counts;
}
