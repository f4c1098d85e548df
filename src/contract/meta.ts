// The dashboard's metadata (currency, months, each dimension's values), the store's status, and liveness.
import { Type, type Static } from 'typebox';
import { Currency, DayText, MonthText, Nullable, Obj } from './common.ts';
import { AsOf, FILTER_DIMENSIONS, type FilterDimension } from './segments.ts';

export const MetaQuery = Type.Object({ asOf: AsOf });

const dimensionValues = Object.fromEntries(FILTER_DIMENSIONS.map((d) => [d, Type.Array(Type.String())])) as Record<
  FilterDimension,
  ReturnType<typeof Type.Array<ReturnType<typeof Type.String>>>
>;

export const Meta = Obj({
  reportingCurrency: Currency,
  asOf: DayText,
  firstMonth: Nullable(MonthText),
  lastMonth: MonthText,
  dimensions: Obj(dimensionValues, "each filter dimension's values, '(none)' included when some account has none"),
  counts: Obj({ accounts: Type.Integer(), customers: Type.Integer(), activeCustomers: Type.Integer() }),
});
export type Meta = Static<typeof Meta>;

export const StoreStatus = Obj({
  store: Obj({ kind: Type.String({ description: 'pglite (embedded) or postgres; never a path or address' }) }),
  schemaVersion: Type.Integer(),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'records by kind' }),
  problems: Type.Array(
    Obj({
      record: Type.String({ description: "the billing record: 'period:<id>', 'subscription:<id>' or 'line:<id>'" }),
      account: Type.String({ description: "the account's id in your files" }),
      problem: Type.String({ description: 'why no figure can use it (no FX rate on or before its date, …)' }),
    }),
    { description: 'billing records every figure leaves out, and why' },
  ),
});
export type StoreStatus = Static<typeof StoreStatus>;

export const Health = Obj({
  status: Type.Literal('ok'),
  store: Type.String(),
  schemaVersion: Type.Integer(),
  storeAnsweredMsAgo: Type.Integer({ description: "age of the store's last answer to a probe" }),
});
export type Health = Static<typeof Health>;
