// Expansion candidates per CSM: the accounts each owner should talk to about buying more, likeliest first,
// with the suggested move and the MRR it would add; and one account's propensity. Reads what `expansion.score`
// stored.
import { accountExists } from '../../store/churn.ts';
import { listCandidates, propensityOf, type StoredPropensity } from '../../store/expansion.ts';
import type { ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';

export type ExpansionCandidate = StoredPropensity & {
  /** The move's MRR weighted by the probability: what the pipeline is worth on average. */
  expected_mrr_minor: number | null;
};

export interface OwnerSummary {
  owner: string;
  candidates: number;
  expansion_mrr_minor: number;
  expected_mrr_minor: number;
}

export interface CandidateList {
  as_of: string | null;
  currency: string;
  owners: OwnerSummary[];
  items: ExpansionCandidate[];
}

export const DEFAULT_CANDIDATES_PER_OWNER = 10;

const withExpected = (p: StoredPropensity): ExpansionCandidate => ({
  ...p,
  expected_mrr_minor: p.expansion_mrr_minor === null ? null : Math.round(p.probability * p.expansion_mrr_minor),
});

/** Each owner's `limit` likeliest expanders (all owners, or the one named by email or name). */
export async function listExpansionCandidates({
  ctx,
  owner = null,
  limit = DEFAULT_CANDIDATES_PER_OWNER,
}: {
  ctx: ServiceContext;
  owner?: string | null;
  limit?: number;
}): Promise<CandidateList> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new UsageError(`--limit must be a whole number from 1 to 10000, found ${limit}`);
  const items = (await listCandidates(ctx.store, { owner: owner?.trim() || null, perOwner: limit })).map(withExpected);
  const owners = new Map<string, OwnerSummary>();
  for (const c of items) {
    const s = owners.get(c.owner) ?? { owner: c.owner, candidates: 0, expansion_mrr_minor: 0, expected_mrr_minor: 0 };
    s.candidates += 1;
    s.expansion_mrr_minor += c.expansion_mrr_minor ?? 0;
    s.expected_mrr_minor += c.expected_mrr_minor ?? 0;
    owners.set(c.owner, s);
  }
  return {
    as_of: items[0]?.as_of ?? null,
    currency: ctx.config.reportingCurrency,
    owners: [...owners.values()],
    items,
  };
}

/** One account's propensity; `exists` false when there is no such account, `propensity` null when unscored. */
export async function accountExpansion({
  ctx,
  accountId,
}: {
  ctx: ServiceContext;
  accountId: number;
}): Promise<{ exists: boolean; propensity: ExpansionCandidate | null }> {
  const row = await propensityOf(ctx.store, accountId);
  if (!row) return { exists: await accountExists(ctx.store, accountId), propensity: null };
  return { exists: true, propensity: withExpected(row) };
}
