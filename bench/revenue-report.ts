// Prints the revenue bench's loads, contenders, agreement check and targets; returns the exit code.
import { formatBytes, formatMs, lifetimePeakRssBytes } from './lib/measure.ts';
import { formatCount, formatTable } from './lib/table.ts';
import { compareTotals, type Mismatch, type MonthlyTotals } from './lib/totals.ts';

export interface LoadResult {
  target: string;
  rows: number;
  ms: number;
  peakRss: number;
}

export interface ContenderResult {
  name: string;
  engine: string;
  status: 'ok' | 'missing' | 'failed';
  note?: string;
  ms?: number;
  /** CPU time of this process (every thread) during the run; a server's own CPU is not in it. */
  cpuMs?: number;
  peakRss?: number;
  rssBefore?: number;
  totals?: MonthlyTotals[];
}

const TARGET_VS_DUCKDB = 0.5;
const TARGET_VS_PLAYBOOK = 10;
const TARGET_PEAK_BYTES = 2e9;

const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? undefined : a / b;
const showRatio = (r: number | undefined) => (r === undefined ? '-' : `${r.toFixed(r < 10 ? 2 : 1)}×`);

/** The ledger identity: MRR moves exactly by the sum of the month's movements, customers by their counts. */
function identityErrors(totals: readonly MonthlyTotals[]): string[] {
  const errors: string[] = [];
  let previous: MonthlyTotals | undefined;
  for (const t of totals) {
    const moved = t.newMrr + t.expansionMrr + t.contractionMrr + t.churnMrr + t.reactivationMrr;
    const counted = t.newCount + t.reactivationCount - t.churnCount;
    if (t.mrr - (previous?.mrr ?? 0) !== moved) errors.push(`${t.month}: MRR change ≠ sum of movements`);
    if (t.customers - (previous?.customers ?? 0) !== counted) errors.push(`${t.month}: customer change ≠ counts`);
    previous = t;
  }
  return errors;
}

function printMismatches(name: string, reference: string, mismatches: readonly Mismatch[]): void {
  console.log(`\n✗ ${name} disagrees with ${reference} in ${mismatches.length} month/field cells; first ones:`);
  const rows = mismatches
    .slice(0, 20)
    .map((m) => [m.month, m.field, String(m.expected ?? '-'), String(m.actual ?? '-')]);
  console.log(formatTable(['month', 'field', reference, name], rows));
}

/** Compares every contender with the reference (DuckDB when present); returns false on any disagreement. */
function checkAgreement(ok: readonly ContenderResult[]): boolean {
  const reference = ok.find((r) => r.name === 'DuckDB') ?? ok[0];
  if (!reference?.totals) return true;
  let agree = true;
  const broken = identityErrors(reference.totals);
  if (broken.length > 0) {
    agree = false;
    console.log(`\n✗ ${reference.name}'s totals break the ledger identity: ${broken.slice(0, 5).join('; ')}`);
  }
  for (const other of ok) {
    if (other === reference || !other.totals) continue;
    const mismatches = compareTotals(reference.totals, other.totals);
    if (mismatches.length > 0) {
      agree = false;
      printMismatches(other.name, reference.name, mismatches);
    }
  }
  const names = ok.map((r) => r.name).join(', ');
  const months = reference.totals.length;
  if (agree && ok.length === 1) console.log(`\n✓ only ${names} ran: nothing to compare; its ledger identity holds`);
  else if (agree) console.log(`\n✓ monthly totals agree exactly across ${names} (${months} months × 12 figures)`);
  const last = reference.totals.at(-1);
  if (last) {
    const sum = (f: (t: MonthlyTotals) => number) => formatCount(reference.totals!.reduce((s, t) => s + f(t), 0));
    console.log(
      `  ${last.month}: MRR ${formatCount(last.mrr)} (minor units), ${formatCount(last.customers)} active customers; ` +
        `movements over the horizon: new ${sum((t) => t.newCount)}, expansion ${sum((t) => t.expansionCount)}, ` +
        `contraction ${sum((t) => t.contractionCount)}, churn ${sum((t) => t.churnCount)}, ` +
        `reactivation ${sum((t) => t.reactivationCount)}`,
    );
  }
  return agree;
}

function printTargets(tenure: ContenderResult | undefined, duck: number | undefined, playbook: number | undefined) {
  const verdict = (value: number | undefined, pass: (v: number) => boolean) =>
    value === undefined ? 'n/a' : pass(value) ? 'met' : 'MISSED';
  const ok = tenure?.status === 'ok';
  const vsDuck = ok ? ratio(tenure.ms, duck) : undefined;
  const vsPlaybook = ok ? ratio(playbook, tenure.ms) : undefined;
  const peak = ok ? tenure.peakRss : undefined;
  console.log('\ntargets for Tenure:');
  console.log(
    formatTable(
      ['target', 'measured', 'verdict'],
      [
        [`time < ${TARGET_VS_DUCKDB}× DuckDB`, showRatio(vsDuck), verdict(vsDuck, (v) => v < TARGET_VS_DUCKDB)],
        [
          `≥ ${TARGET_VS_PLAYBOOK}× faster than playbook SQL`,
          showRatio(vsPlaybook),
          verdict(vsPlaybook, (v) => v >= TARGET_VS_PLAYBOOK),
        ],
        ['peak RSS < 2 GB', peak === undefined ? '-' : formatBytes(peak), verdict(peak, (v) => v < TARGET_PEAK_BYTES)],
      ],
    ),
  );
}

export function printReport(report: { customers: number; loads: LoadResult[]; results: ContenderResult[] }): number {
  console.log('\nloads (not part of the comparison):');
  console.log(
    formatTable(
      ['target', 'period rows', 'time', 'rows/s', 'peak RSS'],
      report.loads.map((l) => [
        l.target,
        formatCount(l.rows),
        formatMs(l.ms),
        formatCount(Math.round(l.rows / (l.ms / 1000))),
        formatBytes(l.peakRss),
      ]),
    ),
  );
  const duck = report.results.find((r) => r.name === 'DuckDB' && r.status === 'ok')?.ms;
  const playbook = report.results.find((r) => r.name.startsWith('dbt') && r.status === 'ok')?.ms;
  console.log(
    `\nledger for ${formatCount(report.customers)} customers (peak RSS is this process's, sampled every 50 ms):`,
  );
  console.log(
    formatTable(
      ['contender', 'engine', 'status', 'time', 'time / DuckDB', 'playbook / time', 'peak RSS', 'RSS at start'],
      report.results.map((r) => [
        r.name,
        r.engine,
        r.status === 'ok' ? 'ok' : `${r.status}: ${r.note ?? ''}`,
        r.ms === undefined ? '-' : formatMs(r.ms),
        showRatio(ratio(r.ms, duck)),
        showRatio(ratio(playbook, r.ms)),
        r.peakRss === undefined ? '-' : formatBytes(r.peakRss),
        r.rssBefore === undefined ? '-' : formatBytes(r.rssBefore),
      ]),
    ),
  );
  console.log(`process lifetime peak RSS (getrusage maxRSS): ${formatBytes(lifetimePeakRssBytes())}`);
  const agree = checkAgreement(report.results.filter((r) => r.status === 'ok'));
  printTargets(
    report.results.find((r) => r.name === 'Tenure'),
    duck,
    playbook,
  );
  return agree && !report.results.some((r) => r.status === 'failed') ? 0 : 1;
}
