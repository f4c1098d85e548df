// The raw value of every health signal (core/health/measures.ts) for each account paying on a day: adoption from
// the adoption report, MRR from the in-memory ledger, answers from survey_responses, contracts, tickets and the
// CSM's sentiment from the store. A new signal adds its value here and its entry in the registry.
import { activeUsersBetween } from '../../core/adoption/activity.ts';
import { mrrInMonth } from '../../core/adoption/segments.ts';
import {
  LEVEL_VALUES,
  revenueSignals,
  SENTIMENT_VALUES,
  supportSignals,
  surveySignals,
  type DatedScore,
  type SignalValues,
} from '../../core/health/measures.ts';
import type { AccountTraits } from '../../core/health/scorecard.ts';
import { monthOfDay, parseDay } from '../../core/period.ts';
import { listContracts } from '../../store/contracts.ts';
import { readSentiments, surveyScoresBetween, ticketsBetween } from '../../store/health.ts';
import { accountProfiles, currentPlan } from '../account-directory.ts';
import { adoptionSettings, computeAdoption } from '../adoption.ts';
import type { ServiceContext } from '../context.ts';
import { currentLedger } from '../revenue.ts';
import { forecastCategoryValues } from './renewal-forecast-signal.ts';

export interface AccountSignals {
  accountId: number;
  traits: AccountTraits;
  /** MRR in the day's month, reporting-currency minor units. */
  mrrMinor: number;
  values: SignalValues;
}

const TREND_DAYS = 30;
const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Signal values of every account paying on `asOf` ('YYYY-MM-DD'). */
export async function computeSignals(ctx: ServiceContext, asOf: string): Promise<AccountSignals[]> {
  const asOfDay = parseDay(asOf);
  const month = monthOfDay(asOfDay);
  const ledger = await currentLedger({ ctx, asOf });
  const paying = ledger.customers.filter((c) => mrrInMonth(c, month) > 0);
  const adoption = await computeAdoption(ctx, asOf, adoptionSettings(ctx, undefined), {}, ledger);
  const adoptionById = new Map(adoption.rows.map((r) => [r.id, r]));
  const profiles = await accountProfiles(ctx);
  const surveys = await surveyScoresBetween(ctx.store, shift(asOf, -SURVEY_LOOKBACK), asOf);
  const answers = new Map<number, { nps: DatedScore[]; csat: DatedScore[] }>();
  for (const a of surveys) {
    const entry = answers.get(a.accountId) ?? { nps: [], csat: [] };
    entry[a.kind].push({ day: parseDay(a.day), score: a.score });
    answers.set(a.accountId, entry);
  }
  const tickets = await ticketsBetween(ctx.store, shift(asOf, -120), asOf);
  const contracts = await listContracts(ctx.store);
  const renewals = renewalDays(contracts, asOfDay);
  const forecasts = contracts.length > 0 ? await forecastCategoryValues(ctx, asOf) : new Map<number, number>();
  const sentiments = new Map(
    (await readSentiments(ctx.store)).filter((s) => s.until >= asOf).map((s) => [s.accountId, s.sentiment]),
  );
  return paying.map((customer) => {
    const id = Number(customer.accountId);
    const profile = profiles.get(id);
    const a = adoptionById.get(id);
    const users = adoption.usage.get(id)?.users ?? [];
    const recent = activeUsersBetween(users, asOfDay - TREND_DAYS + 1, asOfDay);
    const before = activeUsersBetween(users, asOfDay - 2 * TREND_DAYS + 1, asOfDay - TREND_DAYS);
    const contractions = customer.movements.filter(
      (m) => m.kind === 'contraction' && m.month > month - 3 && m.month <= month,
    );
    const milestones = a?.milestones90;
    const said = answers.get(id) ?? { nps: [], csat: [] };
    const sentiment = sentiments.get(id);
    const values: SignalValues = {
      adoption_level: a?.level ? LEVEL_VALUES[a.level] : null,
      feature_usage_rate: a?.featureUsageRate ?? null,
      seat_utilization: a?.seatUtilization ?? null,
      active_user_trend: before > 0 ? recent / before - 1 : null,
      ...revenueSignals({
        mrrNow: mrrInMonth(customer, month),
        mrrBefore: mrrInMonth(customer, month - 3),
        contractions,
      }),
      ...surveySignals(said.nps, said.csat, asOfDay),
      days_to_renewal: renewals.get(id) ?? null,
      renewal_forecast: forecasts.get(id) ?? null,
      // Only while onboarding: once the 90 days have passed, milestones say little about health today.
      onboarding_milestones:
        milestones && milestones.total > 0 && !milestones.due ? milestones.reached / milestones.total : null,
      ...supportSignals(
        tickets === null
          ? null
          : (tickets.get(id) ?? []).map((t) => ({ openedDay: parseDay(t.openedOn), csat: t.csat })),
        asOfDay,
      ),
      csm_sentiment: sentiment === undefined ? null : SENTIMENT_VALUES[sentiment],
    };
    const traits: AccountTraits = {
      segment: profile?.segment ?? null,
      plan: currentPlan(customer),
      industry: profile?.industry ?? null,
      size_band: profile?.sizeBand ?? null,
      owner_csm: profile?.ownerCsm ?? null,
      icp_fit: profile?.icpFit === null || profile?.icpFit === undefined ? null : profile.icpFit ? 'icp' : 'non-icp',
    };
    return { accountId: id, traits, mrrMinor: mrrInMonth(customer, month), values };
  });
}

/** Survey answers are read back this far: a year for the latest answer and two 90-day windows before it. */
const SURVEY_LOOKBACK = 365 + 180;

/** Days from `asOf` to the end of each account's contract in force (the latest ending, not excluded). */
function renewalDays(
  contracts: readonly { accountId: number; startDate: string; endDate: string; exclusionReason: string | null }[],
  asOf: number,
): Map<number, number> {
  const out = new Map<number, number>();
  for (const c of contracts) {
    if (c.exclusionReason !== null) continue;
    const start = parseDay(c.startDate);
    const end = parseDay(c.endDate);
    if (start > asOf || end <= asOf) continue;
    const id = c.accountId;
    out.set(id, Math.max(out.get(id) ?? 0, end - asOf));
  }
  return out;
}
