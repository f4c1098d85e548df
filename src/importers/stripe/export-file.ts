import fs from 'node:fs';
import path from 'node:path';
import { InputError, UsageError } from '../../core/errors.ts';
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

/** Reads a Stripe JSON export (a file or a directory of files) into the objects to import. */
export function readStripeExport(target: string): StripeInput {
  const collector = new ExportCollector(emptyInput(target));
  for (const file of exportFiles(target)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InputError({ file }, undefined, 'a JSON document', reason);
    }
    collector.add(parsed, file);
  }
  return collector.finish();
}
