// The demo company's term contracts, made from its annual subscriptions so they agree with its revenue history:
// each annual term (from the subscription's start, then from each renewal) is a contract whose ARR is 12 × the
// monthly amount in force on the term's last day, in the account's currency. Some accounts signed a multi-year
// contract (two or three annual terms in one), some renewed early (an upsell signed weeks before the end, its
// contract starting then) or late (signed within the grace, after the end); a few lost renewals are excluded
// (the customer went out of business or was acquired), and most others carry a churn reason. Pure and seeded.
import { addMonthsToDay, dayOf, formatDay, type DayNumber } from '../period.ts';
import { createRandom } from './random.ts';
import type { DemoCompany, DemoProfile, DemoSubscriptionPeriod } from './types.ts';

/** A `contracts` row as the demo writes it (account by external id). */
export interface DemoContract {
  contract_id: string;
  account_external_id: string;
  start_on: string;
  end_on: string;
  arr_minor: number;
  currency: string;
  auto_renew: boolean;
  notice_days: number;
  exclusion_reason: string | null;
  /** The annual subscription the contract's term bills under. */
  subscription_external_id: string;
}

export interface DemoChurnReason {
  contract_id: string;
  reason: string;
  notes: string | null;
}

/** Exclusion reasons the demo uses: on the default list (migration 0015). */
const EXCLUSIONS = ['out of business', 'acquired'] as const;

interface Term {
  subscription: string;
  start: DayNumber;
  end: DayNumber;
  /** The last day the subscription paid in this term (== end unless it churned at the end). */
  arrMinor: number;
  churned: boolean;
}

/** Monthly amount of the subscription's period in force on `day` (0 when none). */
function amountOn(periods: readonly DemoSubscriptionPeriod[], day: DayNumber): number {
  for (const p of periods) {
    if (dayOf(p.start_on) <= day && (p.end_on === null || dayOf(p.end_on) > day)) return p.monthly_amount_minor;
  }
  return 0;
}

/** The annual terms of one account: every annual subscription, term by term. */
function annualTerms(profile: DemoProfile, periods: readonly DemoSubscriptionPeriod[]): Term[] {
  const terms: Term[] = [];
  const subscriptions = new Set(
    profile.events.filter((e) => e.billing === 'annual').map((e) => e.subscription_external_id),
  );
  for (const subscription of subscriptions) {
    const own = periods.filter((p) => p.subscription_external_id === subscription);
    const events = profile.events.filter((e) => e.subscription_external_id === subscription);
    const first = events.find((e) => e.kind === 'start' || e.kind === 'reactivation');
    if (!first) continue;
    const churn = events.find((e) => e.kind === 'churn');
    const renewals = events.filter((e) => e.atRenewal && e.kind !== 'churn').map((e) => dayOf(e.on));
    const starts = [dayOf(first.on), ...renewals];
    for (const start of starts) {
      const end = addMonthsToDay(start, 12);
      const arrMinor = 12 * amountOn(own, end - 1);
      if (arrMinor <= 0) continue;
      terms.push({ subscription, start, end, arrMinor, churned: churn !== undefined && dayOf(churn.on) === end });
    }
  }
  return terms.sort((a, b) => a.start - b.start);
}

function churnReason(profile: DemoProfile, pick: number): string {
  if (profile.adoptionLevel === 'low' && pick < 0.6) return 'not using the product enough';
  if (profile.fit < 0.4 && pick < 0.7) return 'poor fit for their needs';
  return (['too expensive', 'switched to a competitor', 'budget cut', 'missing features'] as const)[
    Math.floor(pick * 4) % 4
  ] as string;
}

const NOTES: Readonly<Record<string, string>> = {
  'not using the product enough': 'Fewer than a third of the seats active in the last quarter.',
  'poor fit for their needs': 'Bought for a use case the product does not cover.',
  'too expensive': 'Asked for a discount the deal desk could not give.',
  'switched to a competitor': 'Moved to a suite bundled with their CRM.',
  'budget cut': 'Tools budget frozen for the year.',
  'missing features': 'Needed SSO on the lower plan.',
};

/** Every demo contract and churn reason, deterministic by the company's seed. */
export function demoContracts(company: DemoCompany): { contracts: DemoContract[]; churnReasons: DemoChurnReason[] } {
  const periodsByAccount = new Map<string, DemoSubscriptionPeriod[]>();
  for (const p of company.periods) {
    const list = periodsByAccount.get(p.account_external_id) ?? [];
    list.push(p);
    periodsByAccount.set(p.account_external_id, list);
  }
  const cutoff = dayOf(company.cutoff);
  const contracts: DemoContract[] = [];
  const churnReasons: DemoChurnReason[] = [];
  for (const profile of company.profiles) {
    const terms = annualTerms(profile, periodsByAccount.get(profile.external_id) ?? []);
    if (terms.length === 0) continue;
    const random = createRandom(company.seed, 'contracts', profile.external_id);
    // A multi-year contract: the first two or three annual terms of one subscription signed as one.
    const merged: Term[] = [];
    const years = random.chance(0.15) ? random.int(2, 3) : 1;
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i] as Term;
      const run = i === 0 ? terms.slice(0, years) : [term];
      const joined = run.every(
        (t, k) => k === 0 || (t.subscription === term.subscription && t.start === run[k - 1]?.end),
      );
      if (i === 0 && years > 1 && run.length === years && joined && !run.slice(0, -1).some((t) => t.churned)) {
        const last = run.at(-1) as Term;
        merged.push({ ...term, end: last.end, arrMinor: last.arrMinor, churned: last.churned });
        i += years - 1;
      } else merged.push(term);
    }
    const notice = random.pick([30, 60, 90] as const);
    const currency = profile.currency;
    merged.forEach((term, i) => {
      let start = term.start;
      const previous = merged[i - 1];
      // Renewals signed early (an upsell starting weeks before the end) or late (within the 30-day grace).
      if (previous && previous.end === term.start && previous.end <= cutoff) {
        const roll = random.next();
        if (roll < 0.12 && term.arrMinor > previous.arrMinor) start = term.start - random.int(20, 80);
        else if (roll > 0.9) start = term.start + random.int(3, 25);
      }
      const contractId = `DEMO-${term.subscription}-${formatDay(term.start).slice(0, 7)}`;
      let exclusion: string | null = null;
      if (term.churned) {
        if (random.chance(0.12)) exclusion = random.pick(EXCLUSIONS);
        else if (random.chance(0.85)) {
          const reason = churnReason(profile, random.next());
          churnReasons.push({
            contract_id: contractId,
            reason,
            notes: random.chance(0.5) ? (NOTES[reason] ?? null) : null,
          });
        }
      }
      contracts.push({
        contract_id: contractId,
        account_external_id: profile.external_id,
        start_on: formatDay(start),
        end_on: formatDay(term.end),
        arr_minor: term.arrMinor,
        currency,
        auto_renew: !term.churned && random.chance(0.7),
        notice_days: notice,
        exclusion_reason: exclusion,
        subscription_external_id: term.subscription,
      });
    });
  }
  return { contracts, churnReasons };
}
