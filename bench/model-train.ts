// Training time and memory of the churn trainers on a generated table: `npm run bench -- model-train [options]`.
// Rows have continuous, skewed, count and category-code columns, some with blanks; the label depends on a few of
// them non-linearly (thresholds, an interaction) so the trees have something to find.
import { parseArgs } from 'node:util';
import { fitBoostedTrees } from '../src/core/predict/gbt.ts';
import { fitLogistic } from '../src/core/predict/logistic.ts';
import { rocAuc } from '../src/core/predict/metrics.ts';
import { seededRandom, sigmoid } from '../src/core/predict/random.ts';
import type { TrainingSet } from '../src/core/predict/types.ts';
import { positiveInt } from './lib/args.ts';
import { formatBytes, formatMs, measure } from './lib/measure.ts';

export const description = 'churn model training: boosted trees and logistic regression (--help for options)';

const HELP = `npm run bench -- model-train [options]
  --rows N       training rows (default 100000); a further 20% are generated to measure AUC
  --features F   columns (default 40)
  --trees T      boosted trees (default 200)
  --depth D      tree depth (default 3; 6 is a heavier setting)
  --seed S       generator seed (default 1)`;

export function generateTable(rows: number, features: number, seed: number): TrainingSet {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const out: number[][] = [];
  const labels: (0 | 1)[] = [];
  for (let i = 0; i < rows; i += 1) {
    const row = new Array<number>(features);
    for (let j = 0; j < features; j += 1) {
      const kind = j % 4;
      let v = kind === 0 ? normal() : kind === 1 ? Math.exp(normal()) : kind === 2 ? Math.floor(random() * 30) : j % 7;
      if (kind === 3) v = Math.floor(random() * 6);
      if (j % 5 === 4 && random() < 0.1) v = Number.NaN;
      row[j] = v;
    }
    const [a = 0, b = 0, c = 0, d = 0, e = 0] = row;
    const logit =
      -1.5 + 0.8 * a - 0.5 * Math.log(b) + (c < 5 ? 1 : 0) + (d === 2 ? 0.7 : 0) + (a > 0 && c > 20 ? 1.2 : 0);
    out.push(row);
    labels.push(random() < sigmoid(logit + (Number.isNaN(e) ? 0.8 : 0.1 * e)) ? 1 : 0);
  }
  return { featureNames: Array.from({ length: features }, (_, j) => `f${j}`), rows: out, labels };
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      rows: { type: 'string' },
      features: { type: 'string' },
      trees: { type: 'string' },
      depth: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const rows = positiveInt('rows', values.rows, 100_000);
  const features = positiveInt('features', values.features, 40);
  const trees = positiveInt('trees', values.trees, 200);
  const depth = positiveInt('depth', values.depth, 3);
  const seed = positiveInt('seed', values.seed, 1);
  const all = generateTable(Math.ceil(rows * 1.2), features, seed);
  const train: TrainingSet = { ...all, rows: all.rows.slice(0, rows), labels: all.labels.slice(0, rows) };
  const test = { rows: all.rows.slice(rows), labels: all.labels.slice(rows) };
  console.log(
    `${rows} rows × ${features} features, ${(100 * train.labels.filter((y) => y === 1).length) / rows}% positive`,
  );
  const boosted = await measure(() => Promise.resolve(fitBoostedTrees(train, { trees, maxDepth: depth, seed })));
  const explained = await measure(() => Promise.resolve(test.rows.slice(0, 1000).map((r) => boosted.value.explain(r))));
  const linear = await measure(() => Promise.resolve(fitLogistic(train)));
  const auc = (score: (row: readonly number[]) => number) => rocAuc(test.rows.map(score), test.labels).toFixed(4);
  const line = (name: string, r: { ms: number; cpuMs: number; peakRssBytes: number }, extra: string) => {
    console.log(
      `${name.padEnd(34)} ${formatMs(r.ms).padStart(9)}  cpu ${formatMs(r.cpuMs).padStart(9)}  peak RSS ${formatBytes(r.peakRssBytes).padStart(8)}  ${extra}`,
    );
  };
  line(`boosted trees: ${trees} × depth ${depth}`, boosted, `holdout AUC ${auc((r) => boosted.value.rawScore(r))}`);
  line('TreeSHAP: 1,000 rows', explained, '');
  line('logistic regression (Newton)', linear, `holdout AUC ${auc((r) => linear.value.rawScore(r))}`);
  return 0;
}
