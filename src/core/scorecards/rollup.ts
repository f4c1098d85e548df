// Team and company roll-ups of the owners' scorecards: every additive part summed, every ratio recomputed from the
// sums (never an average of the owners' ratios). A team is the owners sharing a manager; an owner with no manager
// (or one that is not a user) is in the '' team. The company row of a period holds every owner's row, so its ARR
// is the company's ARR. Pure.
import type { TierDefinition } from '../tiers/tiers.ts';
import { addMeasures, blankMeasures, finishMeasures } from './measures.ts';
import type { ScorecardRow } from './scorecard.ts';

export type RollupLevel = 'team' | 'company';

export interface RollupRow extends Omit<ScorecardRow, 'owner'> {
  level: RollupLevel;
  /** The team's key (its manager's email; '' for owners without a manager); '' on the company row. */
  team: string;
  /** Owners with a row in the period. */
  owners: number;
}

function blankRollup(level: RollupLevel, period: string, team: string): RollupRow {
  return {
    level,
    period,
    team,
    owners: 0,
    accounts: 0,
    arrMinor: 0,
    nrr12m: null,
    grr12m: null,
    nrrStartMrrMinor: 0,
    nrrEndMrrMinor: 0,
    expansionMrrMinor: 0,
    contractionMrrMinor: 0,
    churnMrrMinor: 0,
    logoChurn: 0,
    newMrrMinor: 0,
    expansionTargetMinor: null,
    attainment: null,
    ...blankMeasures(),
  };
}

function add(into: RollupRow, r: ScorecardRow, tiers: readonly TierDefinition[]): void {
  into.owners++;
  into.accounts += r.accounts;
  into.arrMinor += r.arrMinor;
  into.nrrStartMrrMinor += r.nrrStartMrrMinor;
  into.nrrEndMrrMinor += r.nrrEndMrrMinor;
  into.expansionMrrMinor += r.expansionMrrMinor;
  into.contractionMrrMinor += r.contractionMrrMinor;
  into.churnMrrMinor += r.churnMrrMinor;
  into.logoChurn += r.logoChurn;
  into.newMrrMinor += r.newMrrMinor;
  if (r.expansionTargetMinor !== null) {
    into.expansionTargetMinor = (into.expansionTargetMinor ?? 0) + r.expansionTargetMinor;
  }
  addMeasures(into, r, tiers);
}

function finish(r: RollupRow, tiers: readonly TierDefinition[]): RollupRow {
  if (r.nrrStartMrrMinor > 0) {
    r.nrr12m = r.nrrEndMrrMinor / r.nrrStartMrrMinor;
    r.grr12m = r.grrKeptMrrMinor / r.nrrStartMrrMinor;
  }
  // The team's target is its owners' targets summed; attainment counts the expansion of every owner in it.
  if (r.expansionTargetMinor !== null && r.expansionTargetMinor > 0) {
    r.attainment = r.expansionMrrMinor / r.expansionTargetMinor;
  }
  finishMeasures(r, tiers);
  return r;
}

/** Per period (in the rows' order): one row per team, by key ('' first), then the company row. */
export function rollUp(
  rows: readonly ScorecardRow[],
  teamOf: (owner: string) => string,
  tiers: readonly TierDefinition[] = [],
): RollupRow[] {
  const periods = new Map<string, { teams: Map<string, RollupRow>; company: RollupRow }>();
  for (const r of rows) {
    let p = periods.get(r.period);
    if (!p) periods.set(r.period, (p = { teams: new Map(), company: blankRollup('company', r.period, '') }));
    const key = teamOf(r.owner);
    let team = p.teams.get(key);
    if (!team) p.teams.set(key, (team = blankRollup('team', r.period, key)));
    add(team, r, tiers);
    add(p.company, r, tiers);
  }
  const out: RollupRow[] = [];
  for (const p of periods.values()) {
    const teams = [...p.teams.values()].sort((a, b) => (a.team < b.team ? -1 : a.team > b.team ? 1 : 0));
    out.push(...teams.map((t) => finish(t, tiers)), finish(p.company, tiers));
  }
  return out;
}
