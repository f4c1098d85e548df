// Churn reasons per lost renewal (set in the app, imported from CSV, or read from Stripe), the admin-edited list of
// exclusion reasons, and the contracts API's reads.
import { buildFxTable } from '../../core/fx.ts';
import { renewalOutcomes, type Contract } from '../../core/renewals/renewals.ts';
import { csvRows, KeyLines, mapColumns, type ColumnSpecs } from '../../importers/csv/columns.ts';
import { readCsv, type CsvInput } from '../../importers/csv/read.ts';
import { listContracts } from '../../store/contracts.ts';
import {
  deleteExclusionReason,
  insertExclusionReason,
  listExclusionReasons,
  queryContracts,
  upsertChurnReason,
  type ContractFilter,
  type ContractRecord,
} from '../../store/renewals-data.ts';
import type { Queryable } from '../../store/types.ts';
import { audit } from '../audit.ts';
import { db, nowOf, withTransaction, type ServiceContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { recordImportRun, type ImportSummary } from '../imports.ts';
import { todayUtc } from '../revenue.ts';

export const MAX_REASON_LENGTH = 200;
export const MAX_NOTES_LENGTH = 2000;

/** A contract the request names that the store lacks. */
export class ContractNotFound extends Error {}
/** A request that contradicts the contract's renewal (a churn reason on a renewed contract, a reason listed twice). */
export class RenewalConflict extends Error {}

/**
 * The contracts among `ids` whose renewal is renewed as of today: a churn reason is for a lost (churned, or
 * pending and known lost) renewal. Status reads dates only, so amounts are not converted.
 */
async function renewedAmong(q: Queryable, ctx: ServiceContext, ids: readonly string[]): Promise<Set<string>> {
  const all = await listContracts(q);
  const wanted = new Set(ids);
  const accounts = new Set(all.filter((c) => wanted.has(c.contractId)).map((c) => c.accountId));
  const mine: Contract[] = all
    .filter((c) => accounts.has(c.accountId))
    .map((c) => ({ ...c, currency: ctx.config.reportingCurrency }));
  const fx = buildFxTable([], ctx.config.reportingCurrency);
  const outcomes = renewalOutcomes(mine, fx, ctx.config.renewals, todayUtc(nowOf(ctx)));
  return new Set(outcomes.filter((o) => o.status === 'renewed' && wanted.has(o.contractId)).map((o) => o.contractId));
}

function cleanReason(reason: string): string {
  const text = reason.trim();
  if (text === '' || text.length > MAX_REASON_LENGTH) {
    throw new UsageError(`a churn reason must have 1 to ${MAX_REASON_LENGTH} characters`);
  }
  return text;
}

/** Sets the churn reason of a lost renewal (in the app); replaces any reason it had. */
export async function setChurnReason({
  ctx,
  contractId,
  reason,
  notes,
}: {
  ctx: ServiceContext;
  contractId: string;
  reason: string;
  notes?: string | null | undefined;
}): Promise<ContractRecord> {
  const text = cleanReason(reason);
  const note = notes === undefined || notes === null || notes.trim() === '' ? null : notes.trim();
  if (note !== null && note.length > MAX_NOTES_LENGTH) {
    throw new UsageError(`churn reason notes must have at most ${MAX_NOTES_LENGTH} characters`);
  }
  return withTransaction(ctx, async ({ tx }) => {
    const found = await queryContracts(tx, { contractId, limit: 1, offset: 0 });
    if (found.items.length === 0) throw new ContractNotFound(`There is no contract ${contractId}.`);
    if ((await renewedAmong(tx, ctx, [contractId])).has(contractId)) {
      throw new RenewalConflict(`Contract ${contractId} renewed: a churn reason is for a lost renewal.`);
    }
    await upsertChurnReason(tx, { contractId, reason: text, notes: note, source: 'app', at: nowOf(ctx) });
    await audit(tx, ctx, 'renewal.churn-reason', `contract:${contractId}`, { reason: text, notes: note });
    const [record] = (await queryContracts(tx, { contractId, limit: 1, offset: 0 })).items;
    if (!record) throw new ContractNotFound(`There is no contract ${contractId}.`);
    return record;
  });
}

const CHURN_REASON_COLUMNS = {
  contractId: { names: ['contract_id'], required: true },
  reason: { names: ['reason'], required: true },
  notes: { names: ['notes'], required: false },
} as const satisfies ColumnSpecs<string>;

/**
 * Imports churn reasons (`contract_id,reason,notes`), one per lost renewal: every contract must be stored and not
 * renewed, each once in the file. All or nothing; a re-import of the same file changes nothing.
 */
export async function importChurnReasons({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CsvInput;
}): Promise<ImportSummary> {
  const startedAt = nowOf(ctx);
  const table = await readCsv(input);
  const columns = mapColumns(table, CHURN_REASON_COLUMNS);
  const keys = new KeyLines();
  const rows = [...csvRows(table, columns)].map((row) => {
    const contractId = row.required('contractId');
    keys.claim(row, contractId, row.columnName('contractId'), contractId);
    const reason = row.required('reason');
    if (reason.length > MAX_REASON_LENGTH) {
      row.fail(row.columnName('reason'), `at most ${MAX_REASON_LENGTH} characters`, reason.slice(0, 40) + '…');
    }
    const notes = row.text('notes');
    if (notes !== null && notes.length > MAX_NOTES_LENGTH) {
      row.fail(row.columnName('notes'), `at most ${MAX_NOTES_LENGTH} characters`, notes.slice(0, 40) + '…');
    }
    return { row, contractId, reason, notes };
  });
  return withTransaction(ctx, async ({ tx }) => {
    const ids = rows.map((r) => r.contractId);
    const stored = new Set(
      (
        await tx.query<{ contract_id: string }>(
          `SELECT contract_id FROM contracts WHERE contract_id = ANY($1::text[])`,
          [ids],
        )
      ).map((r) => r.contract_id),
    );
    const renewed = await renewedAmong(tx, ctx, ids);
    for (const r of rows) {
      const field = r.row.columnName('contractId');
      if (!stored.has(r.contractId)) r.row.fail(field, 'the contract_id of a stored contract', r.contractId);
      if (renewed.has(r.contractId))
        r.row.fail(field, 'a contract whose renewal was lost (this one renewed)', r.contractId);
    }
    let created = 0;
    let updated = 0;
    const before = new Set(
      (
        await tx.query<{ contract_id: string }>(
          `SELECT contract_id FROM contract_churn_reasons WHERE contract_id = ANY($1::text[])`,
          [ids],
        )
      ).map((r) => r.contract_id),
    );
    const at = nowOf(ctx);
    for (const r of rows) {
      const changed = await upsertChurnReason(tx, {
        contractId: r.contractId,
        reason: r.reason,
        notes: r.notes,
        source: 'csv',
        at,
      });
      if (changed && before.has(r.contractId)) updated++;
      else if (changed) created++;
    }
    const summary: ImportSummary = {
      kind: 'csv:churn-reasons',
      source: table.file,
      read: rows.length,
      created,
      updated,
      unchanged: rows.length - created - updated,
    };
    await recordImportRun(tx, summary, startedAt, ctx);
    return summary;
  });
}

// Exclusion reasons ---------------------------------------------------------------------------------------------

export async function exclusionReasons({ ctx }: { ctx: ServiceContext }): Promise<string[]> {
  return listExclusionReasons(db(ctx));
}

/** Adds a reason to the list contracts may be excluded with; a reason listed already (any case) is a conflict. */
export async function addExclusionReason({ ctx, reason }: { ctx: ServiceContext; reason: string }): Promise<string[]> {
  const text = reason.trim().replace(/\s+/g, ' ');
  if (text === '' || text.length > MAX_REASON_LENGTH) {
    throw new UsageError(`an exclusion reason must have 1 to ${MAX_REASON_LENGTH} characters`);
  }
  return withTransaction(ctx, async ({ tx }) => {
    const listed = await listExclusionReasons(tx);
    if (listed.some((r) => r.toLowerCase() === text.toLowerCase())) {
      throw new RenewalConflict(`The exclusion reason "${text}" is on the list already.`);
    }
    await insertExclusionReason(tx, text);
    await audit(tx, ctx, 'renewal.exclusion-reason.add', text);
    return listExclusionReasons(tx);
  });
}

/** Takes a reason off the list; contracts excluded with it keep it (new imports may no longer use it). */
export async function removeExclusionReason({
  ctx,
  reason,
}: {
  ctx: ServiceContext;
  reason: string;
}): Promise<boolean> {
  return withTransaction(ctx, async ({ tx }) => {
    const listed = (await listExclusionReasons(tx)).find((r) => r.toLowerCase() === reason.trim().toLowerCase());
    if (listed === undefined) return false;
    await deleteExclusionReason(tx, listed);
    await audit(tx, ctx, 'renewal.exclusion-reason.remove', listed);
    return true;
  });
}

// Contracts -----------------------------------------------------------------------------------------------------

export async function findContracts({
  ctx,
  filter,
}: {
  ctx: ServiceContext;
  filter: ContractFilter;
}): Promise<{ items: ContractRecord[]; total: number }> {
  if (
    filter.endingFrom !== undefined &&
    filter.endingBefore !== undefined &&
    filter.endingBefore <= filter.endingFrom
  ) {
    throw new UsageError(`endingBefore (${filter.endingBefore}) must be after endingFrom (${filter.endingFrom})`);
  }
  return queryContracts(db(ctx), filter);
}

export async function getContract({
  ctx,
  contractId,
}: {
  ctx: ServiceContext;
  contractId: string;
}): Promise<ContractRecord | null> {
  const [record] = (await queryContracts(db(ctx), { contractId, limit: 1, offset: 0 })).items;
  return record ?? null;
}
