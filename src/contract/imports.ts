// Imports: the kinds of file one can upload and what an import reports.
import { Type, type Static } from 'typebox';
import { Obj } from './common.ts';

export const IMPORT_KINDS = [
  'accounts',
  'contacts',
  'subscriptions',
  'invoices',
  'fx',
  'stripe',
  'responses',
  'contracts',
  'churn-reasons',
  'tickets',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const ImportParams = Type.Object({ kind: Type.Enum(IMPORT_KINDS) });

const counts = { created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer() };
export const UpsertCounts = Obj(counts);

export const ImportSummary = Obj({
  kind: Type.String(),
  source: Type.String(),
  read: Type.Integer({ description: 'data rows (or API objects) read' }),
  ...counts,
  byKind: Type.Optional(Type.Record(Type.String(), UpsertCounts, { description: 'per record kind (Stripe)' })),
  removed: Type.Optional(
    Obj(
      { items: Type.Integer(), discounts: Type.Integer(), invoice_lines: Type.Integer() },
      'Stripe: records their imported parent no longer has, deleted',
    ),
  ),
});
export type ImportSummary = Static<typeof ImportSummary>;
