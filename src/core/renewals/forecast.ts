// The renewal forecast: a category per renewal (set by its owner, or proposed from signals), the renewed amount
// per period as low / expected / high, the probabilities behind "expected", and the accuracy of past forecasts.
// Pure: outcomes, signals and categories in; figures out. Definitions in words: README, "Renewal forecast".
import type { RenewalStatus } from './renewals.ts';

export const FORECAST_CATEGORIES = ['commit', 'likely', 'at_risk', 'lost'] as const;
export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number];

/** Probabilities used until this company has MIN_LEARNING_SAMPLES closed renewals of a category (Tenure's defaults). */
export const DEFAULT_PROBABILITIES: Readonly<Record<ForecastCategory, number>> = {
  commit: 0.95,
  likely: 0.75,
  at_risk: 0.4,
  lost: 0,
};
export const MIN_LEARNING_SAMPLES = 20;

/** What Tenure knows about a renewal's account on the day the category is proposed. */
export interface RenewalSignals {
  /** The renewal churned already, or the account has a cancellation scheduled before the due day. */
  cancelled: boolean;
  /** Active users fell by the decline threshold (the adoption settings' usage trend). */
  usageDeclining: boolean;
  /** The account's latest NPS score (0–10), or null without one. */
  npsScore: number | null;
  adoptionLevel: 'low' | 'mid' | 'high' | null;
  autoRenew: boolean;
}

export interface Proposal {
  category: ForecastCategory;
  /** Why, in words, one reason per signal that decided it. */
  reasons: string[];
}

/**
 * The rule: cancelled or churned → lost; usage declining, a detractor's NPS (0–6) or low adoption → at risk;
 * auto-renewing with mid or high adoption → commit; anything else → likely.
 */
export function proposeCategory(s: RenewalSignals): Proposal {
  if (s.cancelled) return { category: 'lost', reasons: ['cancelled or churned'] };
  const risks: string[] = [];
  if (s.usageDeclining) risks.push('usage declining');
  if (s.npsScore !== null && s.npsScore <= 6) risks.push(`detractor (NPS ${s.npsScore})`);
  if (s.adoptionLevel === 'low') risks.push('low adoption');
  if (risks.length > 0) return { category: 'at_risk', reasons: risks };
  if (s.autoRenew && (s.adoptionLevel === 'mid' || s.adoptionLevel === 'high')) {
    return { category: 'commit', reasons: [`auto-renews`, `${s.adoptionLevel} adoption`] };
  }
  return { category: 'likely', reasons: ['no risk signal, no auto-renewal with healthy adoption'] };
}

export interface ProbabilitySample {
  category: ForecastCategory;
  status: RenewalStatus;
  dueArrMinor: number;
  renewedArrMinor: number;
}

export interface CategoryProbability {
  category: ForecastCategory;
  probability: number;
  /** 'learnt' from this company's closed renewals of the category, or Tenure's 'default'. */
  basis: 'learnt' | 'default';
  /** Closed (renewed or churned) renewals of the category the probability could learn from. */
  samples: number;
}

/**
 * Per category, the share of due ARR that renewed (Σ renewed ÷ Σ due, net) over its closed renewals when there
 * are at least `minSamples` of them with a due ARR, else the default. 'lost' stays 0 whatever happened.
 */
export function learnProbabilities(
  samples: readonly ProbabilitySample[],
  minSamples = MIN_LEARNING_SAMPLES,
  defaults: Readonly<Record<ForecastCategory, number>> = DEFAULT_PROBABILITIES,
): CategoryProbability[] {
  return FORECAST_CATEGORIES.map((category) => {
    const closed = samples.filter(
      (s) => s.category === category && (s.status === 'renewed' || s.status === 'churned') && s.dueArrMinor > 0,
    );
    const due = closed.reduce((a, s) => a + s.dueArrMinor, 0);
    const renewed = closed.reduce((a, s) => a + s.renewedArrMinor, 0);
    if (category === 'lost' || closed.length < minSamples || due === 0) {
      return { category, probability: defaults[category], basis: 'default', samples: closed.length };
    }
    return { category, probability: renewed / due, basis: 'learnt', samples: closed.length };
  });
}

export interface ForecastItem {
  status: RenewalStatus;
  category: ForecastCategory;
  dueArrMinor: number;
  renewedArrMinor: number;
}

export interface RenewalForecastFigure {
  lowMinor: number;
  expectedMinor: number;
  highMinor: number;
}

/**
 * One renewal's share of the forecast: a decided renewal counts at what it renewed (0 when churned); an open one
 * at its due ARR for low (commit only), due ARR × probability for expected, and due ARR for high (all but lost).
 * Excluded renewals count nowhere.
 */
export function forecastOf(item: ForecastItem, probability: number): RenewalForecastFigure {
  if (item.status === 'excluded') return { lowMinor: 0, expectedMinor: 0, highMinor: 0 };
  if (item.status === 'renewed' || item.status === 'churned') {
    const v = item.renewedArrMinor;
    return { lowMinor: v, expectedMinor: v, highMinor: v };
  }
  const due = item.dueArrMinor;
  return {
    lowMinor: item.category === 'commit' ? due : 0,
    expectedMinor: Math.round(due * probability),
    highMinor: item.category === 'lost' ? 0 : due,
  };
}

export const probabilityOf = (table: readonly CategoryProbability[], category: ForecastCategory): number =>
  table.find((p) => p.category === category)?.probability ?? DEFAULT_PROBABILITIES[category];

/** forecast ÷ actual − 1 (positive: the forecast was too high); null when nothing renewed and nothing was forecast. */
export function forecastError(forecastMinor: number, actualMinor: number): number | null {
  if (actualMinor === 0) return forecastMinor === 0 ? 0 : null;
  return forecastMinor / actualMinor - 1;
}
