// Plain data shared by the revenue core: normalized MRR intervals, ledger rows, and the settings.
import { dayOf, monthOfDay, type DayNumber, type MonthIndex } from '../period.ts';

/** accounts.id (a number from the store) or an external id. */
export type AccountId = string | number;

export type BillingInterval = 'day' | 'week' | 'month' | 'year';

export type MovementKind = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation' | 'fx';
export const MOVEMENT_KINDS: readonly MovementKind[] = [
  'new',
  'expansion',
  'contraction',
  'churn',
  'reactivation',
  'fx',
];

/**
 * A stretch of months over which one billing record contributes a constant monthly amount.
 * Months are [startMonth, endMonth); `startMonth === endMonth` marks service that ran inside that month
 * without being in force on its snapshot day (see normalize.ts), which carries MRR in no month.
 */
export interface MrrInterval {
  accountId: AccountId;
  startMonth: MonthIndex;
  endMonth: MonthIndex;
  /** Monthly amount in the record's own currency, minor units. */
  nativeMinor: number;
  currency: string;
  /** nativeMinor in the reporting currency at the rate of the day this service started. */
  valueMinor: number;
  plan: string | null;
  /** Source records: 'period:<id>', 'subscription:<id>', 'item:<id>', 'discount:<id>', 'line:<id>'. */
  sources: readonly string[];
  /** The service's first day and exclusive last day (null: ongoing), before the asOf cut (see asof.ts). */
  startDay?: DayNumber;
  endDay?: DayNumber | null;
}

/** How a customer's MRR history is read. Only asOf and reportingCurrency are required. */
export interface RevenueSettings {
  /** 'YYYY-MM-DD': the day the data is read at. Its month is the last month produced. */
  asOf: string;
  reportingCurrency: string;
  /**
   * 'period_end' (default): a subscription counts until its service ends (ended_at, cancel_at), so the churn
   * lands in the month after the last paid month. 'cancellation': it stops counting on canceled_at when known.
   */
  churnRecognition?: 'period_end' | 'cancellation';
  /**
   * Service that starts and ends inside one month, without being in force on the month's snapshot day.
   * 'ignore' (default, as the dbt playbook, whose months are point-in-time): no MRR, no movement.
   * 'record': when the customer paid nothing at the ends of that month and the month before, a `new`
   * (or `reactivation`) and a `churn` of its monthly amount are both recorded in that month.
   */
  sameMonthNewAndChurn?: 'ignore' | 'record';
  /**
   * Days an unpaid invoice (open or uncollectible; a past_due/unpaid subscription) keeps its customer counting
   * after its due date; the service stops after the last of them until a later payment. Default 30.
   */
  pastDueGraceDays?: number;
  /**
   * Paused collection (Stripe `pause_collection`): 'churn' (default) stops the subscription while paused (its
   * voided invoices pay nothing), 'keep' counts it at its amount through the pause.
   */
  pause?: 'churn' | 'keep';
  /** Whether proration invoice lines count over their own service period. Default true. */
  includeProrations?: boolean;
}

export interface ResolvedSettings {
  asOfDay: DayNumber;
  /** The month of asOf: no month after it is produced. */
  lastMonth: MonthIndex;
  reportingCurrency: string;
  churnRecognition: 'period_end' | 'cancellation';
  sameMonthNewAndChurn: 'ignore' | 'record';
  pastDueGraceDays: number;
  pause: 'churn' | 'keep';
  includeProrations: boolean;
}

export function resolveSettings(settings: RevenueSettings): ResolvedSettings {
  const asOfDay = dayOf(settings.asOf);
  const grace = settings.pastDueGraceDays ?? 30;
  if (!Number.isInteger(grace) || grace < 0) throw new RangeError('pastDueGraceDays must be a non-negative integer');
  return {
    asOfDay,
    lastMonth: monthOfDay(asOfDay),
    reportingCurrency: settings.reportingCurrency,
    churnRecognition: settings.churnRecognition ?? 'period_end',
    sameMonthNewAndChurn: settings.sameMonthNewAndChurn ?? 'ignore',
    pastDueGraceDays: grace,
    pause: settings.pause ?? 'churn',
    includeProrations: settings.includeProrations ?? true,
  };
}
