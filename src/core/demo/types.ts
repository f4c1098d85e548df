// The demo company as plain data: rows shaped like the store's (snake_case, so the loader writes them as they
// are) and the latent profile of each account, which later generators (usage, surveys, renewals) read so that
// what they make agrees with the revenue history.
import type { FxRate } from '../fx.ts';
import type { Billing, Csm, DemoCurrency } from './catalog.ts';

/** An `accounts` row. */
export interface DemoAccount {
  external_id: string;
  name: string;
  industry: string;
  employee_count: number;
  size_band: string;
  segment: string;
  icp_fit: boolean;
  owner_csm: string;
  parent_external_id: null;
  /** 'YYYY-MM-DD': sign-up, before the first paid day (a trial of up to a month). */
  first_seen_on: string;
  /** Custom attributes: country, region, acquisition channel. */
  attributes: Record<string, string>;
}

/** A `subscription_periods` row (the dbt mrr-playbook shape): a monthly amount over [start_on, end_on). */
export interface DemoSubscriptionPeriod {
  subscription_external_id: string;
  account_external_id: string;
  start_on: string;
  /** Exclusive; null while a monthly subscription runs on. An annual term always has its end. */
  end_on: string | null;
  /** seats × price per seat; an annual term's monthly equivalent. */
  monthly_amount_minor: number;
  currency: DemoCurrency;
  plan: string;
  quantity: number;
}

export type LifecycleKind = 'start' | 'expansion' | 'contraction' | 'renewal' | 'churn' | 'reactivation';

/** Something that happened to an account's subscription, with the state it left (for churn: the state lost). */
export interface LifecycleEvent {
  kind: LifecycleKind;
  /** 'YYYY-MM-DD' the change took effect (for churn: the first day no longer paid). */
  on: string;
  /** 'YYYY-MM' of `on`. */
  month: string;
  subscription_external_id: string;
  plan: string;
  seats: number;
  billing: Billing;
  monthlyAmountMinor: number;
  /** True for changes made when an annual term renewed (annual plans shrink only then). */
  atRenewal: boolean;
}

export type AdoptionLevel = 'low' | 'mid' | 'high';

/** What drives an account's story, for generators that add usage, surveys and renewals consistent with it. */
export interface DemoProfile {
  external_id: string;
  /** ICP fit score, 0..1 (icp_fit is fit >= ICP_THRESHOLD). */
  fit: number;
  /** How readily the account adopts the product, 0..1: high expands, low contracts and churns. */
  adoptionPropensity: number;
  adoptionLevel: AdoptionLevel;
  currency: DemoCurrency;
  /** Day of month (1..28) the account's billing renews on. */
  anchorDay: number;
  /** In date order. */
  events: LifecycleEvent[];
  /** At the end of the generated history. */
  status: 'active' | 'churned';
}

export interface DemoCompany {
  seed: number;
  /** 'YYYY-MM': the first month with a customer, and the last month generated. */
  firstMonth: string;
  endMonth: string;
  /** 'YYYY-MM-DD': nothing starts, changes or ends after this day. */
  cutoff: string;
  accounts: DemoAccount[];
  periods: DemoSubscriptionPeriod[];
  /** One EUR→USD rate on the first day of every month from firstMonth through endMonth. */
  fxRates: FxRate[];
  /** One per account, in the same order. */
  profiles: DemoProfile[];
  csms: readonly Csm[];
}
