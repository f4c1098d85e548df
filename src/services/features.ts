// The feature catalog: import from CSV or JSON (validated whole, written in one transaction), list, and
// review the events seen in usage that no feature matches yet.
import { readFile } from 'node:fs/promises';
import { audit } from './audit.ts';
import { UNCATALOGED_PREFIX, type FeatureDefinition } from '../core/adoption/catalog.ts';
import { csvRows, KeyLines, mapColumns, type ColumnSpecs, type CsvRow } from '../importers/csv/columns.ts';
import { parseCsv } from '../importers/csv/read.ts';
import {
  deleteFeatures,
  listFeatures as readFeatures,
  rederiveRollups,
  uncatalogedEvents,
  writeFeatures,
  type UncatalogedEvent,
} from '../store/features.ts';
import { withTransaction, type ServiceContext } from './context.ts';
import { InputError, type InputLocation } from './errors.ts';

export type FeatureInput = { path: string } | { text: string; name: string };

export interface FeatureImportSummary {
  file: string;
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Features not in the file, removed with `replace`. */
  removed: number;
  /** Rollup rows re-derived from raw events for the events whose matching changed. */
  rollupsRederived: number;
}

const FIELDS: ColumnSpecs<'key' | 'name' | 'module' | 'event' | 'properties' | 'plans' | 'milestone'> = {
  key: { names: ['key', 'feature', 'feature_key'], required: true },
  name: { names: ['name', 'feature_name'], required: true },
  module: { names: ['module'], required: true },
  event: { names: ['event', 'event_name'], required: true },
  properties: { names: ['properties', 'property_filter', 'filter'] },
  plans: { names: ['plans', 'plan'] },
  milestone: { names: ['milestone_days', 'milestone', 'onboarding_milestone'] },
};

type Scalar = string | number | boolean;
type Check = (field: string, expected: string, found?: string) => never;

function checkKey(key: string, fail: Check): string {
  if (key.startsWith(UNCATALOGED_PREFIX) || !/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(key)) {
    fail('key', `letters, digits, '_', '.', ':' or '-', not starting with "${UNCATALOGED_PREFIX}"`, key);
  }
  return key;
}

function checkMilestone(value: unknown, fail: Check): 30 | 90 | null {
  if (value === null || value === undefined || value === '') return null;
  if (value === 30 || value === 90 || value === '30' || value === '90') return Number(value) as 30 | 90;
  return fail('milestone_days', '30, 90 or empty', typeof value === 'string' ? value : JSON.stringify(value));
}

function checkFilter(value: unknown, fail: Check): Record<string, Scalar> {
  if (value === null || value === undefined) return {};
  const ok =
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => ['string', 'number', 'boolean'].includes(typeof v));
  return ok ? (value as Record<string, Scalar>) : fail('properties', 'an object of string, number or boolean values');
}

/** `format=csv; source=web` (string values) or a JSON object (typed values). */
function parseFilterText(text: string | null, fail: Check): Record<string, Scalar> {
  if (text === null) return {};
  if (text.startsWith('{')) {
    try {
      return checkFilter(JSON.parse(text), fail);
    } catch (error) {
      if (error instanceof InputError) throw error;
      return fail('properties', 'a JSON object or name=value pairs separated by ";"', text);
    }
  }
  const pairs = text.split(';').filter((p) => p.trim() !== '');
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) fail('properties', 'name=value pairs separated by ";"', pair.trim());
      return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    }),
  );
}

function fromCsvRow(row: CsvRow<keyof typeof FIELDS>): FeatureDefinition {
  const fail: Check = (field, expected, found) => row.fail(field, expected, found);
  const plans = (row.text('plans') ?? '').split(/[;|]/).map((p) => p.trim());
  return {
    key: checkKey(row.required('key'), fail),
    name: row.required('name'),
    module: row.required('module'),
    event: row.required('event'),
    propertyFilter: parseFilterText(row.text('properties'), fail),
    plans: [...new Set(plans.filter((p) => p !== ''))],
    milestoneDays: checkMilestone(row.text('milestone'), fail),
  };
}

function parseCsvFeatures(text: string, file: string): FeatureDefinition[] {
  const table = parseCsv(text, file);
  const columns = mapColumns(table, FIELDS);
  const keys = new KeyLines();
  const out: FeatureDefinition[] = [];
  for (const row of csvRows(table, columns)) {
    const feature = fromCsvRow(row);
    keys.claim(row, feature.key, row.columnName('key'), feature.key);
    out.push(feature);
  }
  return out;
}

function text(value: unknown, field: string, fail: Check): string {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return fail(field, 'a non-empty string', value === undefined ? undefined : JSON.stringify(value));
}

function fromJsonObject(value: unknown, fail: Check): FeatureDefinition {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('feature', 'an object');
  const o = value as Record<string, unknown>;
  const plans = o.plans ?? [];
  if (!Array.isArray(plans) || !plans.every((p) => typeof p === 'string')) {
    fail('plans', 'an array of plan names');
  }
  return {
    key: checkKey(text(o.key, 'key', fail), fail),
    name: text(o.name, 'name', fail),
    module: text(o.module, 'module', fail),
    event: text(o.event, 'event', fail),
    propertyFilter: checkFilter(o.propertyFilter ?? o.properties, fail),
    plans: [...new Set(plans.map((p) => p.trim()).filter((p) => p !== ''))],
    milestoneDays: checkMilestone(o.milestoneDays ?? o.milestone_days, fail),
  };
}

/** The line each element of the features array starts on (objects and arrays only; strings skipped). */
function elementLines(source: string, elementDepth: number): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\n') line++;
    else if (c === '"') {
      for (i++; i < source.length && source[i] !== '"'; i++) if (source[i] === '\\') i++;
    } else if (c === '{' || c === '[') {
      if (depth === elementDepth) lines.push(line);
      depth++;
    } else if (c === '}' || c === ']') depth--;
  }
  return lines;
}

/** A JSON array of features (or `{ "features": [...] }`); errors name the line and element `features[i]`. */
function parseJsonFeatures(source: string, file: string): FeatureDefinition[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    throw new InputError({ file }, undefined, 'valid JSON', (error as Error).message);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { features?: unknown } | null)?.features;
  if (!Array.isArray(list)) throw new InputError({ file }, undefined, 'an array of features or { "features": [...] }');
  const seen = new Map<string, number>();
  const lines = elementLines(source, Array.isArray(parsed) ? 1 : 2);
  return list.map((item, i) => {
    const line = lines.length === list.length ? lines[i] : undefined;
    const where: InputLocation = { file, line, objectId: `features[${i}]` };
    const fail: Check = (field, expected, found) => {
      throw new InputError(where, field, expected, found);
    };
    const feature = fromJsonObject(item, fail);
    const before = seen.get(feature.key);
    if (before !== undefined)
      fail('key', `a key not used before in the file (features[${before}] has it too)`, feature.key);
    seen.set(feature.key, i);
    return feature;
  });
}

async function readInput(input: FeatureInput): Promise<{ file: string; source: string }> {
  if ('text' in input) return { file: input.name, source: input.text };
  try {
    return { file: input.path, source: (await readFile(input.path, 'utf8')).replace(/^\uFEFF/, '') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError({ file: input.path }, undefined, 'a readable CSV or JSON file', code ?? String(error));
  }
}

/** Parses a catalog file: JSON when it ends in .json or starts with '[' or '{', else CSV. */
export async function parseFeatureFile(input: FeatureInput): Promise<{ file: string; features: FeatureDefinition[] }> {
  const { file, source } = await readInput(input);
  const json = file.toLowerCase().endsWith('.json') || /^\s*[[{]/.test(source);
  return { file, features: json ? parseJsonFeatures(source, file) : parseCsvFeatures(source, file) };
}

/** A feature as comparable text: filter keys and plans sorted (jsonb keeps its own key order). */
const canonical = (f: FeatureDefinition) =>
  JSON.stringify([
    f.name,
    f.module,
    f.event,
    Object.entries(f.propertyFilter).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
    [...f.plans].sort(),
    f.milestoneDays,
  ]);
const same = (a: FeatureDefinition, b: FeatureDefinition) => canonical(a) === canonical(b);

/**
 * Imports a catalog file: every row is checked before anything is written, then features are created or
 * updated by key (with `replace`, features missing from the file are removed), and the rollups of every
 * event whose matching changed are re-derived from the raw events kept, all in one transaction.
 */
export async function importFeatures({
  ctx,
  input,
  replace = false,
}: {
  ctx: ServiceContext;
  input: FeatureInput;
  replace?: boolean;
}): Promise<FeatureImportSummary> {
  const { file, features } = await parseFeatureFile(input);
  return withTransaction(ctx, async ({ tx }) => {
    const before = new Map((await readFeatures(tx)).map((f) => [f.key, f]));
    const changed = features.filter((f) => {
      const old = before.get(f.key);
      return old === undefined || !same(f, old);
    });
    const incoming = new Set(features.map((f) => f.key));
    const removed = replace ? [...before.values()].filter((f) => !incoming.has(f.key)) : [];
    await writeFeatures(tx, changed);
    await deleteFeatures(
      tx,
      removed.map((f) => f.key),
    );
    const formerlyMatching = [...changed.flatMap((f) => before.get(f.key) ?? []), ...removed];
    const events = new Set([...changed, ...formerlyMatching].map((f) => f.event));
    const rollupsRederived = await rederiveRollups(
      tx,
      [...events],
      formerlyMatching.map((f) => f.key),
    );
    const created = changed.filter((f) => !before.has(f.key)).length;
    await audit(tx, ctx, 'features.import', file, {
      created,
      updated: changed.length - created,
      removed: removed.map((f) => f.key),
    });
    return {
      file,
      read: features.length,
      created,
      updated: changed.length - created,
      unchanged: features.length - changed.length,
      removed: removed.length,
      rollupsRederived,
    };
  });
}

export async function listFeatures({ ctx }: { ctx: ServiceContext }): Promise<FeatureDefinition[]> {
  return readFeatures(ctx.store);
}

/** Events seen in usage that no catalog feature matches, with event counts, accounts, users and last day seen. */
export async function reviewFeatures({ ctx }: { ctx: ServiceContext }): Promise<UncatalogedEvent[]> {
  return uncatalogedEvents(ctx.store);
}
