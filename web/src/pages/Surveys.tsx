// Surveys: NPS, CSAT and CES over time with their 95% confidence bands, the score distribution, NPS by segment,
// NPS category against revenue retention, what each category's comments talk about, and the answers (searchable).
import { useMemo } from 'react';
import type { ScorePoint, SurveyMetrics, SurveyRetention } from '../../../src/contract/surveys.ts';
import {
  distributionOption,
  KIND_TEXT,
  npsByGroupOption,
  retentionByCategoryOption,
  scoreText,
  scoreTrendOption,
  type SurveyKind,
} from '../charts/surveys.ts';
import { Card, Kpi, PageHeader, Segmented } from '../components/Card.tsx';
import { Chart } from '../components/Chart.tsx';
import { Empty, Loadable } from '../components/States.tsx';
import { formatDate, formatMonth } from '../lib/format.ts';
import { useMeta } from '../lib/meta.ts';
import { FILTER_KEYS, FILTER_LABELS, href, withChanges, type FilterKey } from '../lib/query.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useApi } from '../lib/use-api.ts';
import { AnswersCard, RetentionTable, TermsCard } from './surveys-tables.tsx';

type Interval = 'month' | 'quarter' | 't90d';
const INTERVAL_OPTIONS: { value: Interval; label: string }[] = [
  { value: 'month', label: 'Monthly' },
  { value: 'quarter', label: 'Quarterly' },
  { value: 't90d', label: 'Trailing 90 days' },
];
export const BENCHMARKS =
  "Benchmarks: NPS 50 is good, CSAT 80% a common goal; promoters are worth 3–8× detractors' lifetime value (Bain & Company)";

const intervalOf = (query: URLSearchParams): Interval => {
  const value = query.get('interval');
  return value === 'quarter' || value === 't90d' ? value : 'month';
};
const dimensionOf = (query: URLSearchParams): FilterKey => {
  const by = query.get('by');
  return (FILTER_KEYS as readonly string[]).includes(by ?? '') ? (by as FilterKey) : 'segment';
};

/** The points of the latest year: 12 months, 4 quarters, or the last trailing window. */
function latestYear(points: readonly ScorePoint[], interval: Interval): ScorePoint[] {
  return points.slice(-(interval === 'month' ? 12 : interval === 'quarter' ? 4 : 1));
}

function sumDistribution(points: readonly ScorePoint[]): number[] {
  const out: number[] = [];
  for (const p of points) p.distribution.forEach((n, i) => (out[i] = (out[i] ?? 0) + n));
  return out;
}

function ScoreKpi({ kind, points }: { kind: SurveyKind; points: readonly ScorePoint[] }) {
  const last = points.at(-1);
  const { name } = KIND_TEXT[kind];
  const change = last?.change ?? null;
  const detail = !last
    ? 'no answers yet'
    : `${last.responses} answers · 95% ${scoreText(kind, last.ciLow)} to ${scoreText(kind, last.ciHigh)}` +
      (change === null ? '' : ` · ${change >= 0 ? '▲' : '▼'} ${Math.abs(change).toFixed(kind === 'ces' ? 2 : 1)}`) +
      (last.fewAnswers && last.responses > 0 ? ' · under 30 answers' : '');
  const explain = {
    nps: '% promoters (9–10) − % detractors (0–6) of the answers in the latest window; the band is a 95% interval. Dismissals never count.',
    csat: 'Share of answers of 4 or 5 on a 1–5 scale (top-2-box) in the latest window.',
    ces: 'Mean customer effort score on a 1–7 scale (7: very easy) in the latest window.',
  }[kind];
  return <Kpi label={name} value={scoreText(kind, last?.score)} detail={detail} explain={explain} />;
}

function Trends({ data, interval }: { data: SurveyMetrics; interval: Interval }) {
  const pointsOf = (kind: SurveyKind) => data.series.find((s) => s.kind === kind && s.group === null)?.points ?? [];
  const nps = pointsOf('nps');
  const options = useMemo(() => {
    const of = (kind: SurveyKind) => data.series.find((s) => s.kind === kind && s.group === null)?.points ?? [];
    return {
      nps: scoreTrendOption('nps', of('nps')),
      csat: scoreTrendOption('csat', of('csat')),
      ces: scoreTrendOption('ces', of('ces')),
      distribution: distributionOption('nps', sumDistribution(latestYear(of('nps'), interval))),
    };
  }, [data, interval]);
  const weighted = nps.at(-1)?.arrWeightedNps ?? null;
  return (
    <>
      <div className="grid grid-kpi" data-testid="survey-kpis">
        <ScoreKpi kind="nps" points={nps} />
        <Kpi
          label="ARR-weighted NPS"
          value={scoreText('nps', weighted)}
          detail="each account's NPS weighted by its ARR"
          explain="Each account's NPS (its people's latest answers in the window) weighted by the account's ARR at the window's end: what the revenue thinks, not the head count."
        />
        <ScoreKpi kind="csat" points={pointsOf('csat')} />
        <ScoreKpi kind="ces" points={pointsOf('ces')} />
      </div>
      <p className="claim" data-testid="benchmarks">
        {BENCHMARKS}
      </p>
      <div className="grid grid-2">
        <Card title="NPS over time" subtitle="With its 95% confidence band">
          <Chart label="NPS over time" option={options.nps} height={240} />
        </Card>
        <Card
          title="NPS answers, 0 to 10"
          subtitle={`Detractors 0–6 · passives 7–8 · promoters 9–10 · ${interval === 't90d' ? 'the last 90 days' : 'the latest year'}`}
        >
          <Chart label="NPS distribution" option={options.distribution} height={240} />
        </Card>
        <Card title="CSAT over time" subtitle="Share answering 4 or 5, with its 95% band">
          <Chart label="CSAT over time" option={options.csat} height={220} />
        </Card>
        <Card title="CES over time" subtitle="Mean effort score 1–7 (7: very easy), with its 95% band">
          <Chart label="CES over time" option={options.ces} height={220} />
        </Card>
      </div>
    </>
  );
}

function BySegment({ asOf }: { asOf: string }) {
  const { path, query } = useLocation();
  const by = dimensionOf(query);
  const loaded = useApi<SurveyMetrics>(`/api/v1/surveys/metrics?asOf=${asOf}&interval=t90d&kind=nps&by=${by}`);
  return (
    <Card
      title="NPS by segment"
      subtitle="The 90 days to the as-of day"
      actions={
        <label className="field">
          <span>Dimension</span>
          <select
            name="dimension"
            value={by}
            onChange={(e) => navigate(href(path, withChanges(query, { by: e.target.value })))}
          >
            {FILTER_KEYS.map((k) => (
              <option key={k} value={k}>
                {FILTER_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
      }
    >
      <Loadable loaded={loaded} height={220}>
        {(data) => {
          const groups = data.series.flatMap((s) => {
            const point = s.points.at(-1);
            return point && point.responses > 0 ? [{ group: s.group ?? '(none)', point }] : [];
          });
          return groups.length === 0 ? (
            <Empty title="No NPS answers in the last 90 days" />
          ) : (
            <Chart
              label="NPS by segment"
              option={npsByGroupOption(groups)}
              height={Math.max(160, groups.length * 32)}
            />
          );
        }}
      </Loadable>
    </Card>
  );
}

function Retention({ asOf, currency }: { asOf: string; currency: string }) {
  const loaded = useApi<SurveyRetention>(`/api/v1/surveys/retention?asOf=${asOf}`);
  return (
    <Card
      title="NPS category and retention"
      subtitle="Accounts by their NPS category 12 months ago, and what their revenue did since"
    >
      <Loadable loaded={loaded} height={240}>
        {(data) => (
          <>
            <Chart label="Retention by NPS category" option={retentionByCategoryOption(data.categories)} height={240} />
            <RetentionTable data={data} currency={currency} />
            <p className="card-subtitle">
              Categories from each account&apos;s answers {formatDate(data.answersFrom)} to{' '}
              {formatDate(data.measuredAt)}; revenue {formatMonth(data.from)} → {formatMonth(data.to)}.
            </p>
          </>
        )}
      </Loadable>
    </Card>
  );
}

export function Surveys() {
  const meta = useMeta();
  const { path, query } = useLocation();
  const interval = intervalOf(query);
  const asOf = meta.asOf;
  const metrics = useApi<SurveyMetrics>(`/api/v1/surveys/metrics?asOf=${asOf}&interval=${interval}`);
  return (
    <>
      <PageHeader
        title="Surveys"
        subtitle={`NPS, CSAT and CES from your customers' people, tied to their accounts and revenue · to ${formatDate(asOf)}`}
        actions={
          <Segmented
            label="Interval"
            value={interval}
            onChange={(next) => navigate(href(path, withChanges(query, { interval: next === 'month' ? null : next })))}
            options={INTERVAL_OPTIONS}
          />
        }
      />
      <Loadable
        loaded={metrics}
        height={400}
        isEmpty={(d) => d.series.length === 0}
        empty={
          <div className="card">
            <div className="state state-empty">
              <strong>No survey answers yet</strong>
              <span>
                Import answers with <code>npx tenure import responses responses.csv</code> (columns
                response_id,survey,kind,score,comment,responded_at,account_id,contact_email,user_id), or send a survey.
              </span>
            </div>
          </div>
        }
      >
        {(data) => <Trends data={data} interval={interval} />}
      </Loadable>
      <div className="grid grid-2">
        <BySegment asOf={asOf} />
        <Retention asOf={asOf} currency={meta.reportingCurrency} />
      </div>
      <TermsCard asOf={asOf} />
      <AnswersCard asOf={asOf} />
    </>
  );
}
