// The move to suggest to an expansion candidate, and the MRR it would add (reporting currency, minor units):
// - more seats, when the active users fill the licence: enough seats to bring use back to 80%, at the
//   account's own price per seat;
// - the next plan up, when the account uses features its plan does not include (or as the default): the
//   seats it has, at the next plan's price per seat less its own.
// Plans are ranked by their typical price per seat, read from what customers pay (the plan ladder below).
// Modules are not priced in the catalog, so no module move is offered.
import { NEAR_LICENCE } from './expansion-features.ts';

export type MoveKind = 'seats' | 'plan';

export interface SuggestedMove {
  kind: MoveKind;
  /** In words: "add 3 seats", "upgrade from Growth to Business". */
  text: string;
  /** Seats to add (seats) or the plan to move to (plan). */
  seats: number | null;
  plan: string | null;
  mrrMinor: number;
}

/** A plan and its typical (median) monthly price per seat. */
export interface LadderStep {
  plan: string;
  seatPriceMinor: number;
}

export interface CandidateState {
  plan: string | null;
  seats: number | null;
  /** Active users over the last 30 days. */
  activeUsers: number;
  mrrMinor: number;
  /** Catalog features used in the last 90 days that the plan does not include. */
  featuresBeyondPlan: number;
}

/** Target utilization after adding seats. */
const TARGET_UTILIZATION = 0.8;

/** The plan ladder: each plan's median MRR per seat over the accounts paying for it, cheapest first. */
export function planLadder(accounts: readonly { plan: string | null; seats: number | null; mrrMinor: number }[]) {
  const perSeat = new Map<string, number[]>();
  for (const a of accounts) {
    if (a.plan === null || a.seats === null || a.seats <= 0 || a.mrrMinor <= 0) continue;
    const list = perSeat.get(a.plan) ?? [];
    list.push(a.mrrMinor / a.seats);
    perSeat.set(a.plan, list);
  }
  const ladder: LadderStep[] = [...perSeat].map(([plan, prices]) => {
    const sorted = [...prices].sort((x, y) => x - y);
    return { plan, seatPriceMinor: Math.round(sorted[Math.floor((sorted.length - 1) / 2)] ?? 0) };
  });
  return ladder.sort((a, b) => a.seatPriceMinor - b.seatPriceMinor || (a.plan < b.plan ? -1 : 1));
}

function seatsMove(state: CandidateState, seats: number): SuggestedMove {
  const extra = Math.max(1, Math.ceil(state.activeUsers / TARGET_UTILIZATION) - seats);
  const price = state.mrrMinor / seats;
  return {
    kind: 'seats',
    text: `add ${extra} seat${extra === 1 ? '' : 's'}`,
    seats: extra,
    plan: null,
    mrrMinor: Math.round(extra * price),
  };
}

/** The move for one account; null when there is nothing to price (no seats known and no plan above). */
export function suggestMove(state: CandidateState, ladder: readonly LadderStep[]): SuggestedMove | null {
  const seats = state.seats !== null && state.seats > 0 ? state.seats : null;
  const nearLicence = seats !== null && state.activeUsers >= NEAR_LICENCE * seats;
  if (nearLicence && seats !== null && state.mrrMinor > 0) return seatsMove(state, seats);
  const at = ladder.findIndex((s) => s.plan === state.plan);
  const next = at >= 0 ? ladder[at + 1] : undefined;
  const current = at >= 0 ? ladder[at] : undefined;
  if (next && current && seats !== null) {
    const own = state.mrrMinor / seats;
    // The account pays its own price (a discount, annual billing): scale the next plan's by the same factor.
    const factor = current.seatPriceMinor > 0 ? own / current.seatPriceMinor : 1;
    const mrrMinor = Math.max(0, Math.round(seats * (next.seatPriceMinor * factor - own)));
    const why = state.featuresBeyondPlan > 0 ? ' (already uses features beyond its plan)' : '';
    return {
      kind: 'plan',
      text: `upgrade from ${current.plan} to ${next.plan}${why}`,
      seats: null,
      plan: next.plan,
      mrrMinor,
    };
  }
  if (seats !== null && state.mrrMinor > 0) return seatsMove(state, seats);
  return null;
}
