// Merging accounts: a customer who moved to a new billing id (a second Stripe customer, a re-signed contract)
// is one customer. While FROM is merged into INTO, the ledger reads FROM's billing records as INTO's, so the
// move is neither a churn nor a new customer. Merges are recorded with their source and can be undone.
import { csvRows, mapColumns } from '../importers/csv/columns.ts';
import { readCsv, type CsvInput } from '../importers/csv/read.ts';
import { accountIdsByExternalId, deleteMerge, insertMerge, listMerges, type MergeRow } from '../store/account-links.ts';
import type { Queryable } from '../store/types.ts';
import type { ServiceContext } from './context.ts';
import { InputError, UsageError } from './errors.ts';

export interface MergePair {
  from: string;
  into: string;
}

export interface MergeResult {
  merged: { from: string; into: string }[];
}

type FailingPair = MergePair & { fail: (field: 'from' | 'into', expected: string, found: string) => never };

const MERGE_COLUMNS = {
  from: { names: ['from_account_id'], required: true },
  into: { names: ['into_account_id'], required: true },
} as const;

/** Account ids as the user knows them (external ids, or the numeric ids of the API) → store ids. */
async function resolveAccounts(q: Queryable, names: readonly string[]): Promise<Map<string, number>> {
  const byExternal = await accountIdsByExternalId(q, names);
  const numeric = names.filter((n) => !byExternal.has(n) && /^\d+$/.test(n));
  if (numeric.length > 0) {
    const rows = await q.query<{ id: number }>(`SELECT id FROM accounts WHERE id = ANY($1::bigint[])`, [
      numeric.map(Number),
    ]);
    const known = new Set(rows.map((r) => r.id));
    for (const n of numeric) if (known.has(Number(n))) byExternal.set(n, Number(n));
  }
  return byExternal;
}

/** Checks pairs against each other and against the merges already recorded; throws naming the bad pair. */
function checkPairs(
  pairs: readonly FailingPair[],
  ids: ReadonlyMap<string, number>,
  existing: ReadonlyMap<number, number>,
): { fromId: number; intoId: number }[] {
  const next = new Map(existing);
  const checked: { fromId: number; intoId: number }[] = [];
  for (const pair of pairs) {
    const fromId = ids.get(pair.from);
    const intoId = ids.get(pair.into);
    if (fromId === undefined) return pair.fail('from', 'the id of an account', pair.from);
    if (intoId === undefined) return pair.fail('into', 'the id of an account', pair.into);
    if (fromId === intoId) pair.fail('into', 'another account than the one merged', pair.into);
    if (next.has(fromId)) pair.fail('from', 'an account not merged yet (unmerge it first)', pair.from);
    if (next.has(intoId))
      pair.fail('into', 'an account not itself merged into another (merge into that one)', pair.into);
    next.set(fromId, intoId);
    checked.push({ fromId, intoId });
  }
  return checked;
}

async function mergePairs(ctx: ServiceContext, pairs: readonly FailingPair[], source: string): Promise<MergeResult> {
  return ctx.store.transaction(async (tx) => {
    const ids = await resolveAccounts(tx, [...new Set(pairs.flatMap((p) => [p.from, p.into]))]);
    const existing = new Map((await listMerges(tx)).map((m) => [m.fromAccountId, m.intoAccountId]));
    for (const { fromId, intoId } of checkPairs(pairs, ids, existing)) await insertMerge(tx, fromId, intoId, source);
    ctx.cache?.clear();
    return { merged: pairs.map(({ from, into }) => ({ from, into })) };
  });
}

/** Merges FROM into INTO (external ids or numeric ids). */
export function mergeAccounts({ ctx, from, into }: { ctx: ServiceContext } & MergePair): Promise<MergeResult> {
  const fail = (field: 'from' | 'into', expected: string, found: string): never => {
    throw new UsageError(`${field === 'from' ? 'FROM' : 'INTO'}: expected ${expected}, found "${found}"`);
  };
  return mergePairs(ctx, [{ from, into, fail }], 'cli');
}

/** Merges every pair of a CSV file with columns from_account_id,into_account_id: all of them or none. */
export async function mergeAccountsFromFile({ ctx, input }: { ctx: ServiceContext; input: CsvInput }) {
  const table = await readCsv(input);
  const columns = mapColumns(table, MERGE_COLUMNS);
  const pairs = [...csvRows(table, columns)].map((row) => {
    const from = row.required('from');
    const into = row.required('into');
    const fail = (field: 'from' | 'into', expected: string, found: string): never => {
      throw new InputError({ file: table.file, line: row.line }, row.columnName(field), expected, found);
    };
    return { from, into, fail };
  });
  if (pairs.length === 0) throw new InputError({ file: table.file }, undefined, 'at least one pair of accounts');
  return mergePairs(ctx, pairs, `file:${table.file}`);
}

/** Undoes the merge of FROM: its billing records count as its own again. */
export async function unmergeAccount({ ctx, from }: { ctx: ServiceContext; from: string }): Promise<{ from: string }> {
  return ctx.store.transaction(async (tx) => {
    const fromId = (await resolveAccounts(tx, [from])).get(from);
    if (fromId === undefined) throw new UsageError(`no account ${from}`);
    if ((await deleteMerge(tx, fromId, 'cli')) === null) throw new UsageError(`${from} is not merged`);
    ctx.cache?.clear();
    return { from };
  });
}

/** The merges in force, with the accounts' external ids. */
export async function accountMerges({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<(MergeRow & { from: string; into: string })[]> {
  const merges = await listMerges(ctx.store);
  const ids = [...new Set(merges.flatMap((m) => [m.fromAccountId, m.intoAccountId]))];
  const rows = await ctx.store.query<{ id: number; external_id: string }>(
    `SELECT id, external_id FROM accounts WHERE id = ANY($1::bigint[])`,
    [ids],
  );
  const external = new Map(rows.map((r) => [r.id, r.external_id]));
  return merges.map((m) => ({
    ...m,
    from: external.get(m.fromAccountId) ?? String(m.fromAccountId),
    into: external.get(m.intoAccountId) ?? String(m.intoAccountId),
  }));
}
