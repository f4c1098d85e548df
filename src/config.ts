import path from 'node:path';
import type { StoreConfig } from './store/open.ts';

export interface TenureConfig {
  store: StoreConfig;
  /** ISO 4217 code every amount is reported in. */
  reportingCurrency: string;
  stripe: { apiKey: string | undefined; apiBase: string | undefined };
}

export const DEFAULT_DATA_DIR = path.join('.tenure', 'data');

/** Reads configuration once at start-up: flags win over environment variables, which win over defaults. */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  flags: { dataDir?: string | undefined; databaseUrl?: string | undefined } = {},
): TenureConfig {
  const databaseUrl = flags.databaseUrl ?? env.DATABASE_URL;
  const store: StoreConfig =
    databaseUrl && !flags.dataDir
      ? { databaseUrl }
      : { dataDir: flags.dataDir ?? env.TENURE_DATA_DIR ?? DEFAULT_DATA_DIR };
  const reportingCurrency = (env.TENURE_REPORTING_CURRENCY ?? 'USD').toUpperCase();
  if (!/^[A-Z]{3}$/.test(reportingCurrency)) {
    throw new Error(`TENURE_REPORTING_CURRENCY must be an ISO 4217 code like USD, found "${reportingCurrency}"`);
  }
  return {
    store,
    reportingCurrency,
    stripe: { apiKey: env.STRIPE_API_KEY, apiBase: env.STRIPE_API_BASE },
  };
}
