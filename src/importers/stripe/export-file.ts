import fs from 'node:fs';
import path from 'node:path';
import { InputError, UsageError } from '../../core/errors.ts';
import { findJsonProblem } from '../../core/text.ts';
import { decodeUtf8 } from '../encoding.ts';
import { ExportCollector } from './collect.ts';
import { emptyInput, type StripeInput } from './input.ts';

/** The JSON files of an export: the file itself, or a directory's `*.json` files in name order. */
export function exportFiles(target: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new UsageError(`no such file or directory: ${target}`);
  }
  if (!stat.isDirectory()) return [target];
  const files = fs
    .readdirSync(target)
    .filter((name) => name.toLowerCase().endsWith('.json'))
    .sort()
    .map((name) => path.join(target, name));
  if (files.length === 0) throw new UsageError(`no .json files in directory ${target}`);
  return files;
}

/**
 * Reads a Stripe JSON export (a file or a directory of files) into the objects to import. Each file must be UTF-8
 * JSON whose strings PostgreSQL can store, nested at most 64 levels; `name` replaces the path in messages.
 */
export function readStripeExport(target: string, name?: string): StripeInput {
  const shown = (file: string) =>
    name === undefined ? file : file === target ? name : path.join(name, path.basename(file));
  const collector = new ExportCollector(emptyInput(name ?? target));
  for (const file of exportFiles(target)) {
    const parsed = parseJsonFile(fs.readFileSync(file), shown(file));
    collector.add(parsed, shown(file));
  }
  return collector.finish();
}

/** Parses one export file; a syntax error names its line, a value that cannot be stored names its path. */
function parseJsonFile(bytes: Buffer, file: string): unknown {
  const text = decodeUtf8(bytes, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const line = text.slice(0, syntaxErrorOffset(text, reason)).split('\n').length;
    throw new InputError({ file, line }, undefined, 'a JSON document', reason.replace(/ \(line \d+ column \d+\)/, ''));
  }
  const problem = findJsonProblem(parsed);
  if (problem) throw new InputError({ file }, problem.path === '' ? undefined : problem.path, problem.expected);
  return parsed;
}

/**
 * Where JSON.parse failed: the position its message gives, else found by bisection, since every prefix that stops
 * before the error is whole or merely cut short, and every prefix that reaches it fails there.
 */
function syntaxErrorOffset(text: string, message: string): number {
  const given = /at position (\d+)/.exec(message)?.[1];
  if (given !== undefined) return Number(given);
  const failsWithin = (end: number): boolean => {
    try {
      JSON.parse(text.slice(0, end));
      return false;
    } catch (error) {
      const reason = (error as Error).message;
      if (/Unexpected end of JSON input/.test(reason)) return false;
      const position = /at position (\d+)/.exec(reason)?.[1];
      return position === undefined || Number(position) < end;
    }
  };
  let [low, high] = [0, text.length];
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (failsWithin(mid + 1)) high = mid;
    else low = mid + 1;
  }
  return low;
}
