// Health: accounts and ARR by band, the bands day by day and how accounts moved over 30 days, ARR at risk, the
// accounts most at risk with the measures that made them red or yellow, every scored account, and the scorecards.
import { useMemo, useState } from 'react';
import { BAND_LABELS, bandHistoryOption } from '../charts/health.ts';
import { Card, Kpi, PageHeader } from '../components/Card.tsx';
import { Chart } from '../components/Chart.tsx';
import { Link } from '../components/Link.tsx';
import { Empty, Loadable } from '../components/States.tsx';
import { Pagination, Table, type Column } from '../components/Table.tsx';
import { request } from '../lib/api.ts';
import { countOf, formatCount, formatDate, formatMoney, formatPercent, toMajor } from '../lib/format.ts';
import { useSession } from '../lib/meta.ts';
import { navigate } from '../lib/router.ts';
import { useApi } from '../lib/use-api.ts';
import { useReloadable } from '../lib/use-reloadable.ts';
import type { HealthScoreItem, HealthSummary, ScoresPage } from '../../../src/contract/health-scores.ts';
import { HealthBadge, Reasons, trendText } from './health-parts.tsx';
import { ScorecardsCard } from './health-scorecards.tsx';

const LIMIT = 25;

function riskColumns(): Column<HealthScoreItem>[] {
  return [
    {
      key: 'name',
      header: 'Account',
      csv: (a) => a.externalId,
      render: (a) => (
        <>
          <Link href={`/accounts/${a.accountId}`} onClick={(e) => e.stopPropagation()}>
            {a.name}
          </Link>
          <span className="cell-sub">{a.segment ?? a.externalId}</span>
        </>
      ),
    },
    { key: 'band', header: 'Health', csv: (a) => a.band, render: (a) => <HealthBadge band={a.band} score={a.score} /> },
    { key: 'score', header: 'Score', csvOnly: true, csv: (a) => a.score },
    { key: 'trend30', header: '30 days', align: 'right', csv: (a) => a.trend30, render: (a) => trendText(a.trend30) },
    {
      key: 'arr',
      header: 'ARR',
      align: 'right',
      csv: (a) => toMajor(a.arrMinor, a.currency),
      render: (a) => formatMoney(a.arrMinor, a.currency),
    },
    {
      key: 'reasons',
      header: 'Why',
      csv: (a) => a.reasons.map((r) => `${r.name} ${r.band} (${r.text})`).join('; '),
      render: (a) => <Reasons reasons={a.reasons} />,
    },
  ];
}

function Movement({ summary }: { summary: HealthSummary }) {
  const changes = summary.movement.changes.filter((c) => c.from !== c.to);
  const label = (b: 'red' | 'yellow' | 'green' | null, none: string) => (b === null ? none : BAND_LABELS[b]);
  return (
    <Card
      title="Band movement"
      subtitle={`Accounts whose band on ${formatDate(summary.movement.to)} differs from ${formatDate(summary.movement.from)}`}
    >
      {changes.length === 0 ? (
        <p className="muted">No account changed band over these 30 days.</p>
      ) : (
        <Table
          label="Band movement"
          columns={[
            { key: 'from', header: 'From', csv: (c) => c.from, render: (c) => label(c.from, 'not scored then') },
            { key: 'to', header: 'To', csv: (c) => c.to, render: (c) => label(c.to, 'no data') },
            { key: 'accounts', header: 'Accounts', align: 'right', csv: (c) => c.accounts },
            {
              key: 'arr',
              header: 'ARR',
              align: 'right',
              csv: (c) => toMajor(c.arrMinor, summary.currency),
              render: (c) => formatMoney(c.arrMinor, summary.currency),
            },
          ]}
          rows={changes}
          rowKey={(c) => `${c.from}-${c.to}`}
          exportName="tenure-health-movement"
        />
      )}
    </Card>
  );
}

function SummaryView({ summary, onRescore }: { summary: HealthSummary; onRescore: () => void }) {
  const option = useMemo(() => bandHistoryOption(summary.history), [summary.history]);
  const total = summary.distribution.reduce((s, d) => s + d.arrMinor, 0);
  const tile = (band: 'red' | 'yellow' | 'green', tone?: 'good' | 'bad') => {
    const d = summary.distribution.find((x) => x.band === band);
    return (
      <Kpi
        label={BAND_LABELS[band]}
        value={formatCount(d?.accounts ?? 0)}
        detail={`${formatMoney(d?.arrMinor ?? 0, summary.currency, true)} ARR · ${formatPercent(total > 0 ? (d?.arrMinor ?? 0) / total : null, 0)}`}
        tone={tone}
        explain={`Accounts whose latest health score is ${band} (scorecard bands: red below 40, yellow 40 to 69, green 70 and above unless a scorecard sets other bounds).`}
      />
    );
  };
  return (
    <>
      <div className="grid grid-kpi" data-testid="health-kpis">
        <Kpi
          label="ARR at risk"
          value={formatMoney(summary.arrAtRiskMinor, summary.currency, true)}
          detail={`ARR of the ${countOf(summary.distribution[0]?.accounts ?? 0, 'red account')}`}
          tone="bad"
          explain="Annual recurring revenue (MRR × 12 on the scored day) of the accounts whose health is red."
        />
        {tile('red', 'bad')}
        {tile('yellow')}
        {tile('green', 'good')}
      </div>
      <div className="grid grid-account">
        <Card
          title="Accounts by band, day by day"
          subtitle="The last 30 days of daily scores"
          actions={
            <button type="button" className="button" onClick={onRescore}>
              Rescore now
            </button>
          }
        >
          <Chart label="Accounts by health band" option={option} height={260} />
        </Card>
        <Movement summary={summary} />
      </div>
      <Card title="Most at risk" subtitle="Red accounts, then yellow, lowest score first, with the measures behind it">
        {summary.atRisk.length === 0 ? (
          <p className="muted">No account is red or yellow.</p>
        ) : (
          <Table
            label="Most at risk"
            columns={riskColumns()}
            rows={summary.atRisk}
            rowKey={(a) => String(a.accountId)}
            exportName="tenure-health-at-risk"
            onRowClick={(a) => navigate(`/accounts/${a.accountId}`)}
          />
        )}
      </Card>
    </>
  );
}

function AllScores() {
  const [band, setBand] = useState('');
  const [offset, setOffset] = useState(0);
  const query = `limit=${LIMIT}&offset=${offset}${band ? `&band=${band}` : ''}`;
  const loaded = useApi<ScoresPage>(`/api/v1/health/scores?${query}`);
  return (
    <Card
      title="Every scored account"
      subtitle="Lowest score first"
      actions={
        <select
          name="band"
          aria-label="Band"
          value={band}
          onChange={(e) => {
            setBand(e.target.value);
            setOffset(0);
          }}
        >
          <option value="">All bands</option>
          <option value="red">Red</option>
          <option value="yellow">Yellow</option>
          <option value="green">Green</option>
        </select>
      }
    >
      <Loadable loaded={loaded} height={200}>
        {(page) => (
          <Table
            label="Health scores"
            columns={riskColumns()}
            rows={page.items}
            rowKey={(a) => String(a.accountId)}
            exportName="tenure-health-scores"
            caption={`${page.total.toLocaleString('en-US')} accounts`}
            onRowClick={(a) => navigate(`/accounts/${a.accountId}`)}
            footer={<Pagination total={page.total} limit={LIMIT} offset={offset} onChange={setOffset} />}
          />
        )}
      </Loadable>
    </Card>
  );
}

export function Health() {
  const [note, setNote] = useState<string | null>(null);
  const loaded = useReloadable<HealthSummary>('/api/v1/health/summary');
  const session = useSession();
  const rescore = () => {
    request('POST', '/api/v1/health/rescore').then(
      () => {
        setNote('Rescoring queued: the jobs runner scores every account within seconds.');
        setTimeout(loaded.reload, 4000);
      },
      (error: unknown) => setNote(error instanceof Error ? error.message : String(error)),
    );
  };
  return (
    <>
      <PageHeader
        title="Health"
        subtitle={
          loaded.data?.day
            ? `Account health on ${formatDate(loaded.data.day)}: ${countOf(loaded.data.scored, 'account')} scored by their scorecards`
            : 'Account health scored daily by configurable scorecards'
        }
      />
      {note ? <p className="muted">{note}</p> : null}
      <Loadable
        loaded={loaded}
        height={300}
        isEmpty={(s) => s.day === null}
        empty={
          <div className="card">
            <Empty title="No account scored yet">
              Scores are written daily and after each import. Run <code>tenure health score</code> or{' '}
              <button type="button" className="button" onClick={rescore}>
                rescore now
              </button>
              .
            </Empty>
          </div>
        }
      >
        {(summary) => <SummaryView summary={summary} onRescore={rescore} />}
      </Loadable>
      <AllScores />
      <ScorecardsCard editable={session.user.role === 'admin'} />
    </>
  );
}
