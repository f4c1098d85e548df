// The value report's input (an account's records for a period, read by the service) and its model (what the page
// and the PDF show). Every figure in the model carries the records it came from, so a reader can trace it.

/** Months are 'YYYY-MM', days 'YYYY-MM-DD' (UTC); both ends of the period are included. */
export interface ValuePeriod {
  from: string;
  to: string;
}

export interface ValueMetricDefinition {
  name: string;
  /** Catalog feature key whose events are counted. */
  feature: string;
  multiplier: number;
  unit: string;
}

export interface CatalogFeature {
  key: string;
  name: string;
}

export interface FeatureUsage {
  key: string;
  /** Events of this feature in the period. */
  events: number;
  /** First day the account ever used it (up to the period's end); null when never. */
  firstUsedOn: string | null;
}

export interface PromisedOutcome {
  metric: string;
  baseline: number;
  target: number;
  due_date: string;
}

export interface OutcomeReading {
  metric: string;
  value: number;
  recordedOn: string;
}

export interface MilestoneRecord {
  title: string;
  dueOn: string;
  completedOn: string | null;
}

/** One similar customer's measures, without its name or id. */
export interface PeerMeasures {
  activeUsersEnd: number;
  featuresUsed: number;
  activeUserGrowthPct: number | null;
}

export interface ValueReportInput {
  /** The day the report is made (figures never look past it). */
  asOf: string;
  period: ValuePeriod;
  company: { name: string; brandColor: string };
  account: { externalId: string; name: string; segment: string | null; sizeBand: string | null; plan: string | null };
  outcomes: PromisedOutcome[];
  /** Values recorded by hand, any day up to the period's end. */
  readings: OutcomeReading[];
  /** Distinct active users in each month of the period, oldest first. */
  activeUsersByMonth: { month: string; users: number }[];
  catalog: CatalogFeature[];
  featureUsage: FeatureUsage[];
  milestones: MilestoneRecord[];
  valueMetrics: ValueMetricDefinition[];
  peers: PeerMeasures[];
  /** Fewer similar customers than this and no comparison is shown. */
  minPeers: number;
}

export interface OutcomeRow {
  metric: string;
  baseline: number;
  now: number | null;
  target: number;
  dueDate: string;
  /** (now − baseline) / (target − baseline) in percent, one decimal; null without a "now". */
  progressPct: number | null;
  status: 'achieved' | 'in progress' | 'not measured';
  source: string;
}

export interface ValueMetricRow {
  name: string;
  feature: string;
  events: number;
  multiplier: number;
  unit: string;
  value: number;
  source: string;
}

export interface PeerRow {
  measure: string;
  customer: number | null;
  p25: number;
  median: number;
  p75: number;
  /** Share of similar customers below this customer (ties count half), 0–100. */
  percentile: number | null;
}

export interface ValueReportModel {
  title: string;
  company: { name: string; brandColor: string };
  account: { externalId: string; name: string };
  period: ValuePeriod & { firstDay: string; lastDay: string; label: string };
  asOf: string;
  outcomes: OutcomeRow[];
  usage: {
    activeUsersStart: number;
    activeUsersEnd: number;
    activeUserGrowthPct: number | null;
    featuresUsed: number;
    featuresAdopted: string[];
    milestonesCompleted: number;
    milestonesTotal: number;
    sources: string[];
  };
  valueMetrics: ValueMetricRow[];
  peers:
    | { shown: true; group: string; count: number; rows: PeerRow[]; source: string }
    | { shown: false; group: string; count: number; reason: string };
  sources: string[];
}
