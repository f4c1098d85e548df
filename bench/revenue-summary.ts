// The revenue bench's sizes side by side: the full computation against DuckDB and the playbook SQL, the
// next answer after a one-account change, an answer for an arbitrary as-of day, and peak memory.
import { formatBytes, formatMs } from './lib/measure.ts';
import { formatCount, formatTable } from './lib/table.ts';
import type { ContenderResult, LoadResult } from './revenue-report.ts';
import type { Timing } from './revenue-tenure.ts';

export interface SizeResult {
  customers: number;
  loads: LoadResult[];
  results: ContenderResult[];
  change?: Timing;
  asOf?: Timing;
}

const TARGET_VS_DUCKDB = 0.5;
const TARGET_CHANGE_MS = 100;
const TARGET_AS_OF_MS = 1000;
const TARGET_PEAK_BYTES = 2e9;

const okMs = (size: SizeResult, name: (n: string) => boolean) =>
  size.results.find((r) => name(r.name) && r.status === 'ok')?.ms;

export function printSummary(sizes: readonly SizeResult[]): void {
  if (sizes.length === 0) return;
  const rows = sizes.map((size) => {
    const tenure = size.results.find((r) => r.name === 'Tenure' && r.status === 'ok');
    const duck = okMs(size, (n) => n === 'DuckDB');
    const duckCpu = size.results.find((r) => r.name === 'DuckDB' && r.status === 'ok')?.cpuMs;
    const playbook = okMs(size, (n) => n.startsWith('dbt'));
    const ratio = (a: number | undefined, b: number | undefined) =>
      a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}×`;
    return [
      formatCount(size.customers),
      tenure?.ms === undefined ? '-' : `${formatMs(tenure.ms)} (CPU ${formatMs(tenure.cpuMs ?? NaN)})`,
      duck === undefined ? '-' : `${formatMs(duck)} (CPU ${formatMs(duckCpu ?? NaN)})`,
      `${ratio(tenure?.ms, duck)} (CPU ${ratio(tenure?.cpuMs, duckCpu)})`,
      playbook === undefined ? '-' : formatMs(playbook),
      ratio(tenure?.ms, playbook),
      size.change === undefined ? '-' : `${formatMs(size.change.ms)} (CPU ${formatMs(size.change.cpuMs)})`,
      size.asOf === undefined ? '-' : `${formatMs(size.asOf.ms)} (CPU ${formatMs(size.asOf.cpuMs)})`,
      tenure?.peakRss === undefined ? '-' : formatBytes(tenure.peakRss),
      tenure?.peakRss === undefined || tenure.rssBefore === undefined
        ? '-'
        : formatBytes(tenure.peakRss - tenure.rssBefore),
    ];
  });
  console.log(
    '\nsummary: Tenure computes the ledger and every metric from the store, cold (a fresh engine); wall time ' +
      "(CPU time of this process, every thread; the PostgreSQL server's own CPU is not in it):",
  );
  console.log(
    formatTable(
      [
        'customers',
        'Tenure',
        'DuckDB',
        'Tenure / DuckDB',
        'playbook SQL',
        'Tenure / playbook',
        'change → next answer',
        'new as-of day',
        'peak RSS',
        'peak − start',
      ],
      rows,
    ),
  );
  const verdict = (pass: boolean | undefined) => (pass === undefined ? 'n/a' : pass ? 'met' : 'MISSED');
  const largest = sizes.at(-1);
  const targets = sizes.map((size) => {
    const tenure = okMs(size, (n) => n === 'Tenure');
    const duck = okMs(size, (n) => n === 'DuckDB');
    return [
      formatCount(size.customers),
      verdict(tenure === undefined || duck === undefined ? undefined : tenure < TARGET_VS_DUCKDB * duck),
      verdict(size.change === undefined ? undefined : size.change.ms < TARGET_CHANGE_MS),
      verdict(size.asOf === undefined ? undefined : size.asOf.ms < TARGET_AS_OF_MS),
    ];
  });
  console.log(
    formatTable(
      [
        'customers',
        `< ${TARGET_VS_DUCKDB}× DuckDB`,
        `change < ${TARGET_CHANGE_MS} ms`,
        `as-of < ${TARGET_AS_OF_MS} ms`,
      ],
      targets,
    ),
  );
  const peak = largest?.results.find((r) => r.name === 'Tenure')?.peakRss;
  console.log(
    `peak RSS < 2 GB at ${formatCount(largest?.customers ?? 0)}: ${verdict(peak === undefined ? undefined : peak < TARGET_PEAK_BYTES)}`,
  );
}
