// CSM scorecards and expansion targets over HTTP (TypeBox): the routes, the services' types and the web app.
import { Type, type Static } from 'typebox';
import { Currency, Day, integerInput, Minor, Nullable, Obj, Ratio } from './common.ts';

export const ScorecardInterval = Type.Enum(['month', 'quarter']);

export const ScorecardQuery = Obj({
  interval: Type.Optional(ScorecardInterval),
  asOf: Type.Optional(Day),
  periods: Type.Optional(
    integerInput({ minimum: 1, maximum: 120, description: 'periods ending with the as-of day’s' }),
  ),
  owner: Type.Optional(
    Type.String({ maxLength: 320, description: "one owner's rows only (email, or name when not a user)" }),
  ),
});

export const ScorecardRow = Obj({
  period: Type.String(),
  owner: Type.String({ description: "the owner's email (a user) or imported name; empty: no owner" }),
  accounts: Type.Integer(),
  arrMinor: Minor,
  nrr12m: Ratio,
  grr12m: Ratio,
  nrrStartMrrMinor: Minor,
  nrrEndMrrMinor: Minor,
  expansionMrrMinor: Minor,
  contractionMrrMinor: Minor,
  churnMrrMinor: Minor,
  logoChurn: Type.Integer(),
  newMrrMinor: Minor,
  expansionTargetMinor: Nullable(Minor),
  attainment: Ratio,
});

export const Scorecards = Obj({
  currency: Currency,
  asOf: Type.String(),
  interval: ScorecardInterval,
  rows: Type.Array(ScorecardRow),
});
export type Scorecards = Static<typeof Scorecards>;

export const Quarter = Type.String({ pattern: '^[0-9]{4}-Q[1-4]$', description: 'a quarter YYYY-Qn' });

export const Target = Obj({
  ownerEmail: Type.String(),
  quarter: Quarter,
  expansionTargetMinor: Type.Integer({ minimum: 0 }),
});
export type Target = Static<typeof Target>;

export const TargetList = Obj({ items: Type.Array(Target) });
export const TargetInput = Obj({
  ownerEmail: Type.String({ minLength: 3, maxLength: 320 }),
  quarter: Quarter,
  expansionTargetMinor: Type.Integer({ minimum: 0, maximum: 1e15 }),
});
