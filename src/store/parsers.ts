// One place where both engines' column values are made the same:
// node-postgres returns int8/numeric as strings and `date` as a local-time Date, PGlite differs.
export const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;

export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} is outside the safe integer range`);
  return value;
}

/** Text parsers by type OID, applied on both engines. `date` stays a 'YYYY-MM-DD' string (UTC calendar date). */
export const textParsers: Record<number, (text: string) => unknown> = {
  [OID.INT8]: parseInt8,
  [OID.NUMERIC]: (text) => Number(text),
  [OID.DATE]: (text) => text,
};
