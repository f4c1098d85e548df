// `npm run bench -- model [--accounts N] [--months M]`: the churn model at scale, in memory. The demo generator
// makes N accounts' revenue over 36 months (real ledgers, cut at every month end); usage is synthetic (a few rows
// per account per week, fading before a churn) so a 100,000-account book fits in memory. Measures, with time and
// heap: the baseline (cutting the ledger of every account once, as a server does when loading), building the
// training rows (the fixed sample), training each trainer, the walk-forward backtest, and the daily rescoring of
// every paying account (features, probability, reasons). Target: rescoring 100,000 accounts in under 60 s.
import { DEFAULT_ADOPTION_SETTINGS } from '../src/core/adoption/settings.ts';
import { generateDemo } from '../src/core/demo/index.ts';
import { DEMO_FEATURES } from '../src/core/demo/usage.ts';
import { backtest, trainingRows, trainingSet, type DataRow, type Scorer } from '../src/core/health/backtest.ts';
import { buildRows, sampleOf } from '../src/core/health/dataset.ts';
import {
  featureNames,
  mrrIn,
  pointInTimeFeatures,
  vocabularyOf,
  type AccountHistory,
  type UsageRow,
} from '../src/core/health/features.ts';
import { riskReasons } from '../src/core/health/reasons.ts';
import { baselineScorers } from '../src/core/health/scorers.ts';
import { dayOf, formatDay, lastDayOfMonth, monthIndex } from '../src/core/period.ts';
import { computeLedger, type CustomerLedger, type SubscriptionPeriodInput } from '../src/core/revenue/index.ts';
import { TRAINERS } from '../src/core/predict/index.ts';
import { backtestAb } from './model-backtest.ts';

export const description =
  'churn model: training, backtest and daily rescoring time and memory at 100,000 accounts × 36 months';

const option = (argv: string[], name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i === -1 ? fallback : Number(argv[i + 1]);
};

const heapMb = () => process.memoryUsage().heapUsed / 2 ** 20;
let peakRss = 0;
const trackRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss / 2 ** 20));

async function timed<T>(label: string, fn: () => T | Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await fn();
  const seconds = (performance.now() - started) / 1000;
  trackRss();
  console.log(`${label.padEnd(44)} ${seconds.toFixed(1).padStart(7)} s   heap ${heapMb().toFixed(0).padStart(6)} MB`);
  return { value, seconds };
}

/** A few usage rows per week while paying, fewer in the 4 months before a churn; deterministic per account. */
function syntheticUsage(accountId: number, ledger: CustomerLedger | undefined, from: number, to: number): UsageRow[] {
  const rows: UsageRow[] = [];
  if (!ledger) return rows;
  let s = (accountId * 2654435761) >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const lastPaid = ledger.history.at(-1)?.endMonth ?? 0;
  const keen = 0.3 + 0.7 * next();
  for (let day = from; day <= to; day += 1 + Math.floor(next() * 3)) {
    const month = monthIndex(formatDay(day).slice(0, 7));
    if (mrrIn(ledger, month).mrr <= 0) continue;
    const fade = lastPaid - month <= 4 ? 0.5 : 1;
    if (next() > keen * fade) continue;
    rows.push({
      day,
      user: Math.floor(next() * 8),
      feature: DEMO_FEATURES[Math.floor(next() * 10)]?.key ?? 'x',
      events: 1 + Math.floor(next() * 5),
    });
  }
  return rows;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--ab')) {
    const ab = backtestAb(option(argv, '--ab-rows', 4000));
    console.log(
      `backtest A/B on ${ab.rows.toLocaleString('en-US')} generated rows: every fit afresh ${ab.before.toFixed(1)} s, ` +
        `identical fits shared ${ab.after.toFixed(1)} s (${(ab.before / ab.after).toFixed(2)}× faster, ${ab.hits} fits reused); ` +
        `results ${ab.same ? 'identical' : 'DIFFERENT'}`,
    );
    return ab.same ? 0 : 1;
  }
  const accounts = option(argv, '--accounts', 100_000);
  const backtestMonths = option(argv, '--months', 12);
  const END = '2026-11';
  const end = monthIndex(END);
  const asOf = '2026-11-30';
  console.log(
    `churn model bench: ${accounts.toLocaleString('en-US')} accounts × 36 months, ${TRAINERS.length} trainer(s)`,
  );
  const company = (
    await timed('generate the demo company (revenue)', () =>
      generateDemo({ seed: 1, accounts, endMonth: END, cutoff: asOf }),
    )
  ).value;
  const periods: SubscriptionPeriodInput[] = company.periods.map((p, i) => ({
    id: i,
    accountId: Number(p.account_external_id.slice(5)),
    subscriptionId: p.subscription_external_id,
    startOn: p.start_on,
    endOn: p.end_on,
    monthlyAmountMinor: p.monthly_amount_minor,
    currency: p.currency,
    plan: p.plan,
    quantity: p.quantity,
  }));
  const cut = (day: string) =>
    new Map(
      computeLedger({ periods, fxRates: company.fxRates }, { asOf: day, reportingCurrency: 'USD' }).customers.map(
        (c) => [Number(c.accountId), c],
      ),
    );
  const baseline = await timed('BASELINE: ledger of every account, once', () => cut(asOf));
  const latest = baseline.value;
  const months = Array.from({ length: 36 }, (_, i) => end - 35 + i);
  const include = sampleOf(latest.size * months.length);
  const histories = (
    await timed('synthetic usage and histories', () =>
      company.accounts.map((a, i): AccountHistory => {
        const id = i + 1;
        const from = include(id) ? lastDayOfMonth(end - 36) - 120 : dayOf(asOf) - 120;
        return {
          accountId: id,
          attributes: {
            segment: a.segment,
            sizeBand: a.size_band,
            industry: a.industry,
            region: a.attributes.region ?? null,
            channel: a.attributes.acquisition_channel ?? null,
            icpFit: a.icp_fit,
            employeeCount: a.employee_count,
          },
          usage: syntheticUsage(id, latest.get(id), from, dayOf(asOf)),
          surveys: [],
          contracts: [],
          periods: [],
        };
      }),
    )
  ).value;
  const settings = {
    catalog: DEMO_FEATURES,
    adoption: DEFAULT_ADOPTION_SETTINGS,
    vocabulary: vocabularyOf(
      histories,
      [...latest.values()].map((c) => c.history.at(-1)?.plan ?? null),
    ),
  };
  const names = featureNames(settings);
  const rows: DataRow[] = [];
  const build = await timed('training rows: 36 month-end cuts + features', () => {
    for (const month of months) {
      const ledger = cut(formatDay(lastDayOfMonth(month)));
      rows.push(
        ...buildRows({
          histories,
          months: [month],
          cutAt: () => ledger,
          latest,
          lastCompleteMonth: end,
          horizonMonths: 3,
          settings,
          include,
        }),
      );
    }
  });
  console.log(`  ${rows.length.toLocaleString('en-US')} rows × ${names.length} features (sampled accounts)`);
  const train = trainingRows(rows, end, 3, 'churn');
  const fits = [];
  for (const trainer of TRAINERS) {
    fits.push(
      await timed(`train ${trainer.name} (${train.length.toLocaleString('en-US')} rows)`, () =>
        trainer.fit(trainingSet(names, train, 'churn')),
      ),
    );
  }
  const scorers: Scorer[] = [
    ...TRAINERS.map((t): Scorer => ({ kind: 'model', name: t.name, trainer: t })),
    ...baselineScorers(names),
  ];
  const evalMonths = Array.from({ length: backtestMonths }, (_, i) => end - 3 - backtestMonths + 1 + i);
  const bt = await timed(`backtest: ${backtestMonths} month ends, ${scorers.length} scorers`, () =>
    backtest({ featureNames: names, rows, scorers, months: evalMonths, horizonMonths: 3 }),
  );
  for (const r of bt.value.results)
    console.log(`  ${r.name.padEnd(24)} AUC ${r.auc.toFixed(3)}  (${r.rows.toLocaleString('en-US')} predictions)`);
  const model = fits[0]?.value;
  if (!model) return 1;
  const asOfDay = dayOf(asOf);
  const rescore = await timed('daily rescoring of every paying account', () => {
    let scored = 0;
    for (const history of histories) {
      const ledger = latest.get(history.accountId);
      if (!ledger || mrrIn(ledger, end).mrr <= 0) continue;
      const values = pointInTimeFeatures({ history, ledger, asOfDay }, settings);
      model.predict(values);
      riskReasons(names, values, model.explain(values), asOfDay);
      scored++;
    }
    return scored;
  });
  const ratio = (s: number) => `${(s / baseline.seconds).toFixed(1)}× the baseline`;
  console.log('');
  console.log(`baseline (ledger of every account):   ${baseline.seconds.toFixed(1)} s`);
  console.log(`training rows:                        ${build.seconds.toFixed(1)} s (${ratio(build.seconds)})`);
  for (const [i, f] of fits.entries())
    console.log(`training ${TRAINERS[i]?.name ?? ''}: ${f.seconds.toFixed(1)} s (${ratio(f.seconds)})`);
  console.log(`backtest:                             ${bt.seconds.toFixed(1)} s (${ratio(bt.seconds)})`);
  console.log(
    `rescoring ${rescore.value.toLocaleString('en-US')} accounts:          ${rescore.seconds.toFixed(1)} s (${ratio(rescore.seconds)}) — target < 60 s: ${rescore.seconds < 60 ? 'met' : 'MISSED'}`,
  );
  console.log(`peak resident memory:                 ${peakRss.toFixed(0)} MB`);
  return 0;
}
