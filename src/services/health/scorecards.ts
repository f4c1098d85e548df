// Scorecards as stored JSON: list (with the built-in default when none is stored without a rule), set (checked
// against the contract and the core's rules, every problem named), remove.
import { Value } from 'typebox/value';
import { Scorecard as ScorecardSchema, type ScorecardList, type ScorecardView } from '../../contract/health-scores.ts';
import { SIGNALS } from '../../core/health/measures.ts';
import { DEFAULT_SCORECARD, orderedRules, scorecardProblems, type Scorecard } from '../../core/health/scorecard.ts';
import { deleteScorecard, readScorecards, writeScorecard } from '../../store/health.ts';
import { audit } from '../audit.ts';
import { db, nowOf, withTransaction, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { enqueueJob } from '../jobs/jobs.ts';

export const SCORECARD_RULE =
  'Scorecards with a rule (appliesTo) are tried in ascending order (then by key); the first whose every condition ' +
  "matches the account's attributes applies. An account no rule matches gets the default scorecard: the one " +
  "stored without a rule, or else Tenure's built-in default.";

/** Stored scorecards that still pass today's checks (a definition that no longer does is skipped). */
export async function storedScorecards(ctx: ServiceContext): Promise<{ card: Scorecard; updatedAt: string }[]> {
  const rows = await readScorecards(db(ctx));
  return rows.flatMap((r) =>
    Value.Check(ScorecardSchema, r.definition) ? [{ card: r.definition, updatedAt: r.updatedAt }] : [],
  );
}

export async function listScorecards({ ctx }: { ctx: ServiceContext }): Promise<ScorecardList> {
  const stored = await storedScorecards(ctx);
  const views: ScorecardView[] = [];
  const defaultStored = stored.find((s) => !s.card.appliesTo);
  for (const s of orderedRules(stored.map((x) => x.card))) {
    const updatedAt = stored.find((x) => x.card.key === s.key)?.updatedAt ?? null;
    views.push({ definition: s, isDefault: false, builtIn: false, updatedAt });
  }
  views.push(
    defaultStored
      ? { definition: defaultStored.card, isDefault: true, builtIn: false, updatedAt: defaultStored.updatedAt }
      : { definition: DEFAULT_SCORECARD, isDefault: true, builtIn: true, updatedAt: null },
  );
  return {
    items: views,
    signals: SIGNALS.map((s) => ({ ...s, defaultThresholds: { ...s.defaultThresholds } })),
    rule: SCORECARD_RULE,
  };
}

/** Every problem of a scorecard given as JSON (shape, then meaning); empty when it can be stored. */
export function checkScorecard(input: unknown, others: readonly Scorecard[]): string[] {
  if (!Value.Check(ScorecardSchema, input)) {
    return [...Value.Errors(ScorecardSchema, input)]
      .filter((e) => e.keyword !== 'boolean')
      .slice(0, 20)
      .map((e) => `${pathOf(e.instancePath)}: ${e.message}`);
  }
  return scorecardProblems(input, others);
}

const pathOf = (pointer: string) =>
  pointer === ''
    ? '(scorecard)'
    : pointer
        .slice(1)
        .split('/')
        .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`))
        .join('');

/** Creates or replaces a scorecard (by its key); `source` names the file or request in messages. */
export async function setScorecard({
  ctx,
  input,
  source = 'scorecard',
  create = false,
}: {
  ctx: ServiceContext;
  input: unknown;
  source?: string;
  create?: boolean;
}): Promise<Scorecard> {
  return withTransaction(ctx, async (tx) => {
    const stored = (await storedScorecards(tx)).map((s) => s.card);
    const problems = checkScorecard(input, stored);
    if (problems.length > 0) throw new UsageError(`${source}: ${problems.join('; ')}`);
    const card = input as Scorecard;
    if (create && stored.some((s) => s.key === card.key)) {
      throw new UsageError(`${source}: a scorecard with key "${card.key}" exists already; replace it with PUT`);
    }
    await writeScorecard(tx.tx, card.key, card, ctx.now());
    await audit(tx.tx, ctx, 'health.scorecard.set', `scorecard:${card.key}`, { name: card.name });
    await queueRescore(tx);
    return card;
  });
}

export async function removeScorecard({ ctx, key }: { ctx: ServiceContext; key: string }): Promise<boolean> {
  return withTransaction(ctx, async (tx) => {
    const removed = await deleteScorecard(tx.tx, key);
    if (removed) {
      await audit(tx.tx, ctx, 'health.scorecard.remove', `scorecard:${key}`);
      await queueRescore(tx);
    }
    return removed;
  });
}

export const HEALTH_SCORE_JOB = 'health.score';

/** Queues a rescoring (one waiting at a time) after a change that moves scores. */
export function queueRescore(ctx: ServiceContext): Promise<number | null> {
  return enqueueJob({ store: db(ctx), now: () => nowOf(ctx) }, { kind: HEALTH_SCORE_JOB, uniqueKey: HEALTH_SCORE_JOB });
}
