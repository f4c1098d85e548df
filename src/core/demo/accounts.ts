// One account's firmographics and latent traits, drawn from its own random stream.
import {
  CHANNEL_WEIGHTS,
  CHANNELS,
  COUNTRIES,
  CSMS,
  INDUSTRIES,
  SIZE_BANDS,
  planByRank,
  type Billing,
  type Country,
  type Csm,
  type Industry,
  type Plan,
  type SizeBand,
} from './catalog.ts';
import type { CompanyNames } from './names.ts';
import type { Hazards } from './lifecycle.ts';
import type { Random } from './random.ts';
import type { AdoptionLevel } from './types.ts';

/** icp_fit is true from this fit score up: about half the customers. */
export const ICP_THRESHOLD = 0.6;

// How well each company size fits the product, the other part of the ICP score.
const SIZE_FIT: Readonly<Record<string, number>> = {
  '1-10': 0.15,
  '11-50': 0.6,
  '51-200': 0.95,
  '201-1000': 0.95,
  '1001-5000': 0.7,
  '5001+': 0.45,
};

export interface AccountDraw {
  name: string;
  country: Country;
  industry: Industry;
  band: SizeBand;
  employees: number;
  fit: number;
  adoptionPropensity: number;
  adoptionLevel: AdoptionLevel;
  csm: Csm;
  channel: string;
  plan: Plan;
  seats: number;
  billing: Billing;
  /** Day of month (1..maxAnchorDay) the subscription starts and renews on. */
  anchorDay: number;
  /** Days between sign-up and the first paid day. */
  trialDays: number;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function adoptionLevelOf(propensity: number): AdoptionLevel {
  return propensity < 0.4 ? 'low' : propensity < 0.68 ? 'mid' : 'high';
}

function ownerOf(random: Random, country: Country, band: SizeBand): Csm {
  const book = CSMS.filter((c) => c.covers.includes(`${country.region}/${band.segment}`));
  return random.pick(book.length > 0 ? book : CSMS);
}

/** A starting plan the company is big enough for, and a seat count skewed to the small end of its range. */
function startingPlan(random: Random, band: SizeBand, employees: number): { plan: Plan; seats: number } {
  let plan = planByRank(random.weighted(band.planRanks, band.planWeights));
  while (plan.rank > 0 && plan.minSeats > employees) plan = planByRank(plan.rank - 1);
  const top = Math.max(plan.minSeats, Math.min(plan.maxSeats, Math.ceil(employees * 0.4), plan.minSeats * 8));
  const logSpan = Math.log(top) - Math.log(plan.minSeats);
  const seats = Math.round(Math.exp(Math.log(plan.minSeats) + random.next() ** 1.6 * logSpan));
  return { plan, seats: clamp(seats, plan.minSeats, top) };
}

/** Draws an account: where it is, what it does, how big, how well it fits, and what it buys first. */
export function drawAccount(random: Random, names: CompanyNames, maxAnchorDay: number): AccountDraw {
  const country = random.weighted(
    COUNTRIES,
    COUNTRIES.map((c) => c.weight),
  );
  const industry = random.weighted(
    INDUSTRIES,
    INDUSTRIES.map((i) => i.weight),
  );
  const band = random.weighted(
    SIZE_BANDS,
    SIZE_BANDS.map((b) => b.weight),
  );
  const span = Math.log(band.maxEmployees) - Math.log(band.minEmployees);
  const employees = Math.round(Math.exp(Math.log(band.minEmployees) + random.next() ** 1.3 * span));
  const fit = clamp(0.5 * industry.fit + 0.3 * (SIZE_FIT[band.label] ?? 0.5) + 0.2 * random.next(), 0, 1);
  const adoptionPropensity = clamp(0.2 + 0.55 * fit + 0.18 * random.normal(), 0.02, 0.98);
  const { plan, seats } = startingPlan(random, band, employees);
  return {
    name: names.next(random, industry.nameEndings, country.legalForms),
    country,
    industry,
    band,
    employees,
    fit,
    adoptionPropensity,
    adoptionLevel: adoptionLevelOf(adoptionPropensity),
    csm: ownerOf(random, country, band),
    channel: random.weighted(CHANNELS, CHANNEL_WEIGHTS),
    plan,
    seats,
    billing: random.chance(plan.annualShare) ? 'annual' : 'monthly',
    anchorDay: random.int(1, maxAnchorDay),
    trialDays: random.chance(0.3) ? 0 : random.int(7, 30),
  };
}

/**
 * Monthly hazards from an account's traits: churn skews to small, non-ICP, low-adoption accounts and to some
 * CSMs' books; expansion to ICP, high-adoption and larger ones.
 */
export function hazardsOf(draw: AccountDraw): Hazards {
  const a = draw.adoptionPropensity;
  const icp = draw.fit >= ICP_THRESHOLD;
  return {
    churn: 0.02 * draw.band.churnFactor * (icp ? 0.75 : 1.4) * 2.2 ** (1 - 2 * a) * draw.csm.churnFactor,
    expansion: 0.035 * (icp ? 1.3 : 0.7) * (0.25 + 1.5 * a) * (draw.band.segment === 'SMB' ? 0.7 : 1.1),
    contraction: 0.018 * 2 ** (1 - 2 * a) * (icp ? 0.8 : 1.25),
    reactivation: 0.006 * (icp ? 1.4 : 0.8),
  };
}
