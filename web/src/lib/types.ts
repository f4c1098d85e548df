// Response shapes of the HTTP API (/api/v1), as the dashboard reads them.

export type Role = 'admin' | 'csm' | 'viewer';

export interface Session {
  user: { id: number | string; email: string; name: string | null; role: Role };
  csrfToken: string;
}

export interface Meta {
  reportingCurrency: string;
  asOf: string;
  firstMonth: string | null;
  lastMonth: string | null;
  dimensions: Record<string, string[]>;
  counts: Record<string, number>;
}

export type MovementKind = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation' | 'fx';
export const MOVEMENT_KINDS: readonly MovementKind[] = [
  'new',
  'expansion',
  'contraction',
  'churn',
  'reactivation',
  'fx',
];

export interface Benchmark {
  id: 'logoChurn' | 'mrrChurn' | 'netMrrChurn' | 'expansionOffsetsChurn';
  target: string;
  value: number | null;
  status: 'pass' | 'fail' | 'n/a';
}

export interface MetricsRow {
  period: { start: string; end: string; label: string };
  group?: string;
  complete: boolean;
  months: number;
  startingMrrMinor: number;
  startingCustomers: number;
  mrrMinor: number;
  arrMinor: number;
  payingCustomers: number;
  arpaMinor: number | null;
  newMrrMinor: number;
  expansionMrrMinor: number;
  contractionMrrMinor: number;
  churnMrrMinor: number;
  reactivationMrrMinor: number;
  fxMinor: number;
  newCustomers: number;
  expansions: number;
  contractions: number;
  churnedCustomers: number;
  reactivations: number;
  logoChurnRate: number | null;
  grossMrrChurnRate: number | null;
  netMrrChurnRate: number | null;
  expansionMrrRate: number | null;
  nrr: number | null;
  grr: number | null;
  nrr12m: number | null;
  grr12m: number | null;
  quickRatio: number | null;
  existingCustomerMrrShare: number | null;
  newCustomerMrrShare: number | null;
  expansionShareOfGrossNewMrr: number | null;
  benchmarks: Benchmark[];
}

export interface MetricsResponse {
  currency: string;
  asOf: string;
  rows: MetricsRow[];
}

export interface MovementItem {
  accountId: number;
  accountName: string;
  month: string;
  kind: MovementKind;
  amountMinor: number;
  mrrBeforeMinor: number;
  mrrAfterMinor: number;
  plan: string | null;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface CohortRow {
  /** The cohort's first paid month, YYYY-MM. */
  cohort: string;
  customers: number;
  startingMrrMinor: number;
  payingCustomers: number[];
  mrrMinor: number[];
  logoRetention: number[];
  revenueRetention: number[];
}

export interface AccountItem {
  id: number;
  externalId: string;
  name: string;
  industry: string | null;
  sizeBand: string | null;
  segment: string | null;
  icpFit: boolean | null;
  ownerCsm: string | null;
  employeeCount: number | null;
  firstSeenOn: string | null;
  plan: string | null;
  mrrMinor: number;
  currency: string;
  status: 'active' | 'churned' | 'prospect';
  customerSince: string | null;
  churnedOn: string | null;
}

export interface SourceRecord {
  ref: string;
  kind: 'period' | 'subscription' | 'item' | 'discount' | 'line';
  description: string;
  fields: Record<string, unknown>;
}

export interface ExplainedMovement {
  month: string;
  kind: MovementKind;
  amountMinor: number;
  mrrBeforeMinor: number;
  mrrAfterMinor: number;
  plan: string | null;
  before: SourceRecord[];
  after: SourceRecord[];
}

export interface AccountFile {
  account: Record<string, unknown>;
  currency: string;
  history: { from: string; to: string; mrrMinor: number; plan: string | null }[];
  movements: ExplainedMovement[];
}
