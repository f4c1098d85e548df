// Health scorecards, pure: each measure graded red/yellow/green by its thresholds (direction aware) and given that
// band's points; measures weighted within their group, groups weighted overall; missing measures re-weighted away
// and reported; exceptions force the overall band red; one scorecard per account (first matching rule in order,
// else the default). Definitions in words: README, "Account health".
import { signalOf, SIGNAL_KEYS, type Direction, type SignalValues, type Thresholds } from './measures.ts';

export type Band = 'red' | 'yellow' | 'green';
export const BANDS: readonly Band[] = ['red', 'yellow', 'green'];

export interface MeasureDefinition {
  /** A signal of the registry (measures.ts). */
  signal: string;
  /** Relative weight within its group (> 0). */
  weight: number;
  /** The signal's default thresholds unless given. */
  thresholds?: Thresholds | undefined;
  /** The signal's own direction unless given. */
  direction?: Direction | undefined;
}

export interface GroupDefinition {
  key: string;
  name: string;
  /** Relative weight of the group in the overall score (> 0). */
  weight: number;
  measures: MeasureDefinition[];
}

/** Account attributes a rule can test. */
export const RULE_FIELDS = ['segment', 'plan', 'industry', 'size_band', 'owner_csm', 'icp_fit'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/** Applies when every condition holds; a condition holds when the account's value is one of `values`. */
export type AppliesTo = Partial<Record<RuleField, string[]>>;

export interface Exception {
  /** When this measure grades red ... */
  signal: string;
  /** ... the overall band is red (and the score is capped just below the red bound). */
  force: 'red';
}

export interface Scorecard {
  key: string;
  name: string;
  description?: string | undefined;
  /** Scorecards with a rule are tried in ascending order; the one without a rule is the default. */
  order?: number | undefined;
  appliesTo?: AppliesTo | null | undefined;
  /** Points a measure earns by band. */
  points?: Record<Band, number> | undefined;
  /** Overall bands: score < red is red, red ≤ score < green is yellow, ≥ green is green. */
  bands?: { red: number; green: number } | undefined;
  groups: GroupDefinition[];
  exceptions?: Exception[] | undefined;
}

export const DEFAULT_POINTS: Record<Band, number> = { red: 0, yellow: 50, green: 100 };
export const DEFAULT_BANDS = { red: 40, green: 70 };

/** The scorecard a new install scores with (stored scorecards replace it; one with key 'default' overrides it). */
export const DEFAULT_SCORECARD: Scorecard = {
  key: 'default',
  name: 'Default',
  description: 'Product usage, revenue, the customer’s voice and the relationship; a red CSM sentiment forces red.',
  appliesTo: null,
  points: DEFAULT_POINTS,
  bands: DEFAULT_BANDS,
  groups: [
    {
      key: 'usage',
      name: 'Product usage',
      weight: 40,
      measures: [
        { signal: 'adoption_level', weight: 2 },
        { signal: 'active_user_trend', weight: 2 },
        { signal: 'feature_usage_rate', weight: 1 },
        { signal: 'seat_utilization', weight: 1 },
        { signal: 'onboarding_milestones', weight: 1 },
      ],
    },
    {
      key: 'revenue',
      name: 'Revenue',
      weight: 25,
      measures: [
        { signal: 'mrr_trend', weight: 1 },
        { signal: 'recent_contraction', weight: 1 },
        { signal: 'days_to_renewal', weight: 1 },
      ],
    },
    {
      key: 'voice',
      name: 'Customer voice',
      weight: 20,
      measures: [
        { signal: 'nps_latest', weight: 2 },
        { signal: 'nps_trend', weight: 1 },
        { signal: 'csat_latest', weight: 1 },
        { signal: 'support_csat', weight: 1 },
      ],
    },
    {
      key: 'relationship',
      name: 'Relationship',
      weight: 15,
      measures: [
        { signal: 'csm_sentiment', weight: 2 },
        { signal: 'support_load', weight: 1 },
      ],
    },
  ],
  exceptions: [{ signal: 'csm_sentiment', force: 'red' }],
};

/** The thresholds and direction a measure grades with. */
export function measureRule(m: MeasureDefinition): { thresholds: Thresholds; direction: Direction } {
  const s = signalOf(m.signal);
  return {
    thresholds: m.thresholds ?? s?.defaultThresholds ?? { green: 0, yellow: 0 },
    direction: m.direction ?? s?.direction ?? 'higher',
  };
}

/** Grades a value: green at or beyond the green bound, yellow at or beyond the yellow bound, else red. */
export function gradeValue(value: number, thresholds: Thresholds, direction: Direction): Band {
  const beyond = (bound: number) => (direction === 'higher' ? value >= bound : value <= bound);
  return beyond(thresholds.green) ? 'green' : beyond(thresholds.yellow) ? 'yellow' : 'red';
}

export function bandOfScore(score: number, bands: { red: number; green: number } = DEFAULT_BANDS): Band {
  return score < bands.red ? 'red' : score < bands.green ? 'yellow' : 'green';
}

export interface MeasureGrade {
  signal: string;
  group: string;
  value: number | null;
  /** null: the value is missing, and the measure was left out. */
  band: Band | null;
  points: number | null;
  /** Its share of the overall score after re-weighting (0 when missing). */
  effectiveWeight: number;
}

export interface HealthScore {
  scorecard: string;
  /** 0–100, rounded; null when every measure is missing. */
  score: number | null;
  band: Band | null;
  groups: { key: string; score: number | null; weight: number }[];
  measures: MeasureGrade[];
  /** Signals without a value, re-weighted away. */
  missing: string[];
  /** Exceptions that forced the band red. */
  forcedBy: string[];
}

/** Scores one account's values with a scorecard. */
export function scoreAccount(card: Scorecard, values: SignalValues): HealthScore {
  const points = card.points ?? DEFAULT_POINTS;
  const measures: MeasureGrade[] = [];
  const groups: { key: string; score: number | null; weight: number; present: MeasureGrade[] }[] = [];
  for (const group of card.groups) {
    const present: MeasureGrade[] = [];
    let sum = 0;
    let weights = 0;
    for (const m of group.measures) {
      const raw = values[m.signal];
      const value = raw === undefined || raw === null || !Number.isFinite(raw) ? null : raw;
      const rule = measureRule(m);
      const band = value === null ? null : gradeValue(value, rule.thresholds, rule.direction);
      const grade: MeasureGrade = {
        signal: m.signal,
        group: group.key,
        value,
        band,
        points: band === null ? null : points[band],
        effectiveWeight: 0,
      };
      measures.push(grade);
      if (band === null) continue;
      present.push(grade);
      sum += m.weight * points[band];
      weights += m.weight;
    }
    groups.push({ key: group.key, score: weights > 0 ? sum / weights : null, weight: group.weight, present });
  }
  const scored = groups.filter((g) => g.score !== null);
  const totalWeight = scored.reduce((s, g) => s + g.weight, 0);
  for (const g of scored) {
    const inGroup = card.groups.find((d) => d.key === g.key)?.measures ?? [];
    const groupWeights = g.present.reduce((s, p) => s + (inGroup.find((m) => m.signal === p.signal)?.weight ?? 0), 0);
    for (const p of g.present) {
      const w = inGroup.find((m) => m.signal === p.signal)?.weight ?? 0;
      p.effectiveWeight = (g.weight / totalWeight) * (w / groupWeights);
    }
  }
  const missing = measures.filter((m) => m.band === null).map((m) => m.signal);
  const out = groups.map(({ key, score, weight }) => ({ key, score: score === null ? null : round1(score), weight }));
  if (scored.length === 0 || totalWeight <= 0) {
    return { scorecard: card.key, score: null, band: null, groups: out, measures, missing, forcedBy: [] };
  }
  const bands = card.bands ?? DEFAULT_BANDS;
  // Points may range beyond 0–100 when configured so; the score is kept within 0–100.
  const raw = scored.reduce((s, g) => s + g.weight * (g.score ?? 0), 0) / totalWeight;
  let score = Math.min(100, Math.max(0, Math.round(raw)));
  const forcedBy = (card.exceptions ?? [])
    .filter((e) => measures.some((m) => m.signal === e.signal && m.band === 'red'))
    .map((e) => e.signal);
  if (forcedBy.length > 0) score = Math.min(score, Math.max(0, Math.ceil(bands.red) - 1));
  const band = forcedBy.length > 0 ? 'red' : bandOfScore(score, bands);
  return { scorecard: card.key, score, band, groups: out, measures, missing, forcedBy };
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** An account's attributes as rules test them (icp_fit as 'icp' / 'non-icp'). */
export type AccountTraits = Partial<Record<RuleField, string | null>>;

export function ruleMatches(rule: AppliesTo, traits: AccountTraits): boolean {
  return Object.entries(rule).every(([field, values]) => {
    const value = traits[field as RuleField] ?? null;
    return value !== null && (values ?? []).includes(value);
  });
}

/** Scorecards with a rule, in the order they are tried: ascending `order`, then key. */
export function orderedRules(cards: readonly Scorecard[]): Scorecard[] {
  return cards.filter((c) => hasRule(c)).sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || a.key.localeCompare(b.key));
}

const hasRule = (c: Scorecard) => c.appliesTo !== null && c.appliesTo !== undefined;

/** The default: the stored scorecard without a rule, or the built-in one when none is stored. */
export function defaultScorecard(cards: readonly Scorecard[]): Scorecard {
  return cards.find((c) => !hasRule(c)) ?? DEFAULT_SCORECARD;
}

/** The scorecard that applies: the first (in order) whose rule matches, else the default. */
export function chooseScorecard(cards: readonly Scorecard[], traits: AccountTraits): Scorecard {
  return orderedRules(cards).find((c) => ruleMatches(c.appliesTo ?? {}, traits)) ?? defaultScorecard(cards);
}

/** What is wrong with a scorecard beyond its shape (which its contract checks): each problem as a sentence. */
export function scorecardProblems(card: Scorecard, others: readonly Scorecard[] = []): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(card.key)) {
    problems.push(`key: expected lower-case letters, digits, '-' or '_' (at most 63), found "${card.key}"`);
  }
  if (card.groups.length === 0) problems.push('groups: expected at least one group');
  const seen = new Set<string>();
  const groupKeys = new Set<string>();
  card.groups.forEach((g, gi) => {
    const at = `groups[${gi}]`;
    if (groupKeys.has(g.key)) problems.push(`${at}.key: "${g.key}" is used by another group`);
    groupKeys.add(g.key);
    if (!(g.weight > 0)) problems.push(`${at}.weight: expected a weight above 0, found ${g.weight}`);
    if (g.measures.length === 0) problems.push(`${at}.measures: expected at least one measure`);
    g.measures.forEach((m, mi) => {
      const where = `${at}.measures[${mi}]`;
      if (!SIGNAL_KEYS.includes(m.signal)) {
        problems.push(`${where}.signal: expected one of ${SIGNAL_KEYS.join(', ')}, found "${m.signal}"`);
      }
      if (seen.has(m.signal)) problems.push(`${where}.signal: "${m.signal}" is measured twice`);
      seen.add(m.signal);
      if (!(m.weight > 0)) problems.push(`${where}.weight: expected a weight above 0, found ${m.weight}`);
      const { thresholds, direction } = measureRule(m);
      const ordered =
        direction === 'higher' ? thresholds.green >= thresholds.yellow : thresholds.green <= thresholds.yellow;
      if (!ordered) {
        const side = direction === 'higher' ? 'at least' : 'at most';
        problems.push(
          `${where}.thresholds: green must be ${side} yellow when ${direction} is better, found green ${thresholds.green}, yellow ${thresholds.yellow}`,
        );
      }
    });
  });
  const bands = card.bands ?? DEFAULT_BANDS;
  if (!(bands.red >= 0 && bands.red <= bands.green && bands.green <= 100)) {
    problems.push(`bands: expected 0 ≤ red ≤ green ≤ 100, found red ${bands.red}, green ${bands.green}`);
  }
  const points = card.points ?? DEFAULT_POINTS;
  if (!(points.red <= points.yellow && points.yellow <= points.green)) {
    problems.push(`points: expected red ≤ yellow ≤ green, found ${points.red}, ${points.yellow}, ${points.green}`);
  }
  (card.exceptions ?? []).forEach((e, i) => {
    if (!seen.has(e.signal)) problems.push(`exceptions[${i}].signal: "${e.signal}" is not a measure of this scorecard`);
  });
  if (card.appliesTo) {
    const fields = Object.entries(card.appliesTo);
    if (fields.length === 0) problems.push('appliesTo: expected at least one condition (or null for the default)');
    for (const [field, values] of fields) {
      if (!(RULE_FIELDS as readonly string[]).includes(field)) {
        problems.push(`appliesTo.${field}: expected one of ${RULE_FIELDS.join(', ')}`);
      } else if ((values ?? []).length === 0) problems.push(`appliesTo.${field}: expected at least one value`);
    }
  } else if (others.some((o) => o.key !== card.key && !hasRule(o))) {
    const other = others.find((o) => o.key !== card.key && !hasRule(o));
    problems.push(
      `appliesTo: "${other?.key ?? ''}" is already the default scorecard (one without a rule); give a rule`,
    );
  }
  return problems;
}
