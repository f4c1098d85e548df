import path from 'node:path';
import { adoptionSettingsFromEnv, type AdoptionSettings } from './core/adoption/settings.ts';
import { isTimeZone } from './core/schedule.ts';
import type { StoreConfig } from './store/open.ts';

export interface TenureConfig {
  store: StoreConfig;
  /** ISO 4217 code every amount is reported in. */
  reportingCurrency: string;
  stripe: { apiKey: string | undefined; apiBase: string | undefined };
  /** How the revenue ledger reads billing records (see README, "Revenue conventions"). */
  revenue: {
    churnRecognition: 'period_end' | 'cancellation';
    sameMonthNewAndChurn: 'ignore' | 'record';
    pastDueGraceDays: number;
    /** Paused collection (Stripe pause_collection): churn while paused, or keep counting. */
    pause: 'churn' | 'keep';
  };
  /** Adoption windows, level thresholds, decline and expansion rules (README, "Adoption metrics"). */
  adoption: AdoptionSettings;
  /** The churn model's horizon: churn or contraction within this many days of a month end (README, "Churn model"). */
  churn: { horizonDays: number };
  /**
   * Which proxies' X-Forwarded-For/-Proto to believe (TENURE_TRUST_PROXY): false (none), true (any), a hop count,
   * or the proxies' addresses/CIDRs. Behind a trusted TLS proxy the client address and https are the forwarded ones.
   */
  trustProxy: boolean | number | string[];
  /** Product-usage ingestion (README, "Ingesting product usage"). */
  usage: {
    /** Raw events older than this are dropped, a whole month partition at a time; daily rollups are kept. */
    retentionDays: number;
    /** Batches waiting or being written beyond which ingestion answers 429 with Retry-After. */
    maxPendingBatches: number;
    /** Write transactions at once; null: 1 on the embedded store (one session), 4 on PostgreSQL. */
    writers: number | null;
  };
  /** Background jobs (README, "Jobs"). */
  jobs: {
    /** IANA zone in which recurring schedules are read. */
    timezone: string;
    /** Whether `tenure serve` runs jobs; off for a server that should only answer requests. */
    enabled: boolean;
    /** Jobs one server runs at once. */
    concurrency: number;
  };
  /** Outbound webhooks (README, "Webhooks"). */
  webhooks: { timeoutMs: number };
  /** Renewal windows (README, "Renewals"): how early a renewal may start, how late it may come. */
  renewals: { earlyDays: number; graceDays: number };
  /** Reference customers (README, "Reference customers"): months a customer must have paid to be a candidate. */
  referenceCustomers: { minTenureMonths: number };
  /** Signing key of links (TENURE_SECRET); unset: one generated once and kept in the store's settings. */
  secret: string | undefined;
  /** The address people reach this server at, for links in emails (TENURE_PUBLIC_URL). */
  publicUrl: string;
  /** Outgoing mail (README, "Surveys: sending"): an smtp:// or smtps:// URL and the From address. */
  smtp: { url: string | undefined; from: string };
  /**
   * The name value reports are sent under (TENURE_COMPANY_NAME): your company's, not Tenure's. The value report
   * settings' name wins over it; with neither, reports name no sender.
   */
  companyName: string | undefined;
  /** Formbricks' webhook signing secret (whsec_…), checked on every answer it posts. */
  formbricksSecret: string | undefined;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`${name} must be one of ${allowed.join(', ')}, found "${value}"`);
  }
  return value as T;
}

function revenueConfig(env: NodeJS.ProcessEnv): TenureConfig['revenue'] {
  const grace = env.TENURE_PAST_DUE_GRACE_DAYS ?? '30';
  if (!/^\d+$/.test(grace))
    throw new Error(`TENURE_PAST_DUE_GRACE_DAYS must be a whole number of days, found "${grace}"`);
  return {
    churnRecognition: oneOf(
      'TENURE_CHURN_RECOGNITION',
      env.TENURE_CHURN_RECOGNITION,
      ['period_end', 'cancellation'],
      'period_end',
    ),
    sameMonthNewAndChurn: oneOf(
      'TENURE_SAME_MONTH_NEW_AND_CHURN',
      env.TENURE_SAME_MONTH_NEW_AND_CHURN,
      ['ignore', 'record'],
      'ignore',
    ),
    pastDueGraceDays: Number(grace),
    pause: oneOf('TENURE_PAUSE', env.TENURE_PAUSE, ['churn', 'keep'], 'churn'),
  };
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new Error(`${name} must be a positive whole number, found "${value}"`);
  return Number(value);
}

function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,4}$/.test(value)) throw new Error(`${name} must be a whole number of days up to 9999, found "${value}"`);
  return Number(value);
}

function usageConfig(env: NodeJS.ProcessEnv): TenureConfig['usage'] {
  return {
    retentionDays: positiveInteger('TENURE_USAGE_RETENTION_DAYS', env.TENURE_USAGE_RETENTION_DAYS, 400),
    maxPendingBatches: positiveInteger('TENURE_INGEST_MAX_PENDING', env.TENURE_INGEST_MAX_PENDING, 64),
    writers: env.TENURE_INGEST_WRITERS ? positiveInteger('TENURE_INGEST_WRITERS', env.TENURE_INGEST_WRITERS, 1) : null,
  };
}

/** TENURE_TRUST_PROXY: unset/false/off → false, true → true, a whole number → hops, else addresses or CIDRs. */
export function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  const text = (value ?? '').trim();
  if (text === '' || /^(false|off|no)$/i.test(text)) return false;
  if (/^(true|on|yes)$/i.test(text)) return true;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  const bad = entries.find(
    (entry) => !/^[0-9a-f.:]+(\/\d{1,3})?$/i.test(entry) && !/^(loopback|linklocal|uniquelocal)$/.test(entry),
  );
  if (bad !== undefined) {
    throw new Error(
      `TENURE_TRUST_PROXY must be true, false, a number of proxy hops, or proxy addresses/CIDRs separated by commas, found "${bad}"`,
    );
  }
  return entries;
}

function jobsConfig(env: NodeJS.ProcessEnv): TenureConfig['jobs'] {
  const timezone = env.TENURE_TIMEZONE || 'UTC';
  if (!isTimeZone(timezone)) {
    throw new Error(`TENURE_TIMEZONE must be an IANA time zone like Europe/Berlin or UTC, found "${timezone}"`);
  }
  return {
    timezone,
    enabled: oneOf('TENURE_JOBS', env.TENURE_JOBS, ['on', 'off'], 'on') === 'on',
    concurrency: positiveInteger('TENURE_JOBS_CONCURRENCY', env.TENURE_JOBS_CONCURRENCY, 2),
  };
}

/** TENURE_PUBLIC_URL without its trailing slash; default the local server. */
function publicUrl(value: string | undefined, port: string | undefined): string {
  const text = (value ?? '').trim() || `http://localhost:${port || '3000'}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`TENURE_PUBLIC_URL must be a URL like https://tenure.example.com, found "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`TENURE_PUBLIC_URL must start with http:// or https://, found "${text}"`);
  }
  return text.replace(/\/+$/, '');
}

function smtpUrl(value: string | undefined): string | undefined {
  const text = (value ?? '').trim();
  if (text === '') return undefined;
  if (!/^smtps?:\/\//.test(text)) {
    throw new Error('TENURE_SMTP_URL must be an smtp:// or smtps:// URL, like smtp://user:pass@mail.example.com:587');
  }
  return text;
}

function companyName(value: string | undefined): string | undefined {
  const text = (value ?? '').trim();
  if (text.length > 200) throw new Error(`TENURE_COMPANY_NAME must be at most 200 characters, found ${text.length}`);
  return text || undefined;
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
    revenue: revenueConfig(env),
    adoption: adoptionSettingsFromEnv(env),
    churn: { horizonDays: positiveInteger('TENURE_CHURN_HORIZON_DAYS', env.TENURE_CHURN_HORIZON_DAYS, 90) },
    trustProxy: parseTrustProxy(env.TENURE_TRUST_PROXY),
    usage: usageConfig(env),
    jobs: jobsConfig(env),
    webhooks: { timeoutMs: positiveInteger('TENURE_WEBHOOK_TIMEOUT_MS', env.TENURE_WEBHOOK_TIMEOUT_MS, 10_000) },
    renewals: {
      earlyDays: wholeNumber('TENURE_RENEWAL_EARLY_DAYS', env.TENURE_RENEWAL_EARLY_DAYS, 90),
      graceDays: wholeNumber('TENURE_RENEWAL_GRACE_DAYS', env.TENURE_RENEWAL_GRACE_DAYS, 30),
    },
    referenceCustomers: {
      minTenureMonths: positiveInteger(
        'TENURE_REFERENCE_MIN_TENURE_MONTHS',
        env.TENURE_REFERENCE_MIN_TENURE_MONTHS,
        12,
      ),
    },
    secret: env.TENURE_SECRET || undefined,
    publicUrl: publicUrl(env.TENURE_PUBLIC_URL, env.TENURE_PORT),
    smtp: { url: smtpUrl(env.TENURE_SMTP_URL), from: env.TENURE_SMTP_FROM || 'Tenure <tenure@localhost>' },
    formbricksSecret: env.TENURE_FORMBRICKS_SECRET || undefined,
    companyName: companyName(env.TENURE_COMPANY_NAME),
  };
}
