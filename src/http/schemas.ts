// Request and response schemas shared by the route modules (TypeBox → JSON Schema → OpenAPI).
import { Type, type TSchema } from 'typebox';
import { FILTER_DIMENSIONS } from '../services/account-directory.ts';

const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'a month, YYYY-MM' });
export const OptionalMonth = Type.Optional(Month);
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Segment filters and the as-of day, accepted by every revenue and accounts query. */
export const FilterQuery = {
  asOf: Type.Optional(
    Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'as-of day, YYYY-MM-DD (UTC); default today' }),
  ),
  ...Object.fromEntries(
    FILTER_DIMENSIONS.map((d) => [
      d,
      Type.Optional(Type.String({ description: `only accounts whose ${d} is this value ('(none)' for none)` })),
    ]),
  ),
} as Record<
  'asOf' | (typeof FILTER_DIMENSIONS)[number],
  ReturnType<typeof Type.Optional<ReturnType<typeof Type.String>>>
>;

export const Period = Type.Object({
  label: Type.String({ description: "the window: '2024-05', '2024-Q2', '2024' or 'T12M-2024-05'" }),
  start: Month,
  end: Month,
});

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};

export const MovementKind = Type.Enum(['new', 'expansion', 'contraction', 'churn', 'reactivation', 'fx']);

/** An object whose listed fields are checked and whose other fields pass through. */
export const Open = <T extends Record<string, TSchema>>(properties: T) =>
  Type.Object(properties, { additionalProperties: true });
