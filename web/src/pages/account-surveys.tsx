// The account page's survey answers: the account's NPS over the last 12 months (each person's latest answer)
// and every answer of its people, latest first.
import type { AccountSurveyResponses, SurveyAnswer } from '../../../src/contract/surveys.ts';
import { scoreText } from '../charts/surveys.ts';
import { Card, Kpi } from '../components/Card.tsx';
import { Empty, Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import { formatCount, formatDate } from '../lib/format.ts';
import { useMeta } from '../lib/meta.ts';
import { useApi } from '../lib/use-api.ts';
import { CategoryBadge } from './surveys-tables.tsx';

const columns: Column<SurveyAnswer>[] = [
  { key: 'date', header: 'Date', csv: (a) => a.respondedAt, render: (a) => formatDate(a.respondedAt.slice(0, 10)) },
  { key: 'person', header: 'Person', csv: (a) => a.contactEmail ?? a.userId ?? '' },
  { key: 'survey', header: 'Survey', csv: (a) => a.survey },
  { key: 'kind', header: 'Kind', csv: (a) => a.kind.toUpperCase() },
  { key: 'score', header: 'Score', align: 'right', csv: (a) => a.score },
  {
    key: 'category',
    header: 'Category',
    csv: (a) => a.category,
    render: (a) => <CategoryBadge category={a.category} />,
  },
  { key: 'comment', header: 'Comment', csv: (a) => a.comment, render: (a) => a.comment ?? '' },
];

export function AccountSurveysSection({ id }: { id: string }) {
  const meta = useMeta();
  const loaded = useApi<AccountSurveyResponses>(`/api/v1/accounts/${id}/survey-responses?asOf=${meta.asOf}`);
  return (
    <Card title="Survey answers" subtitle="What this account's people answered, latest first">
      <Loadable
        loaded={loaded}
        height={120}
        isEmpty={(d) => d.total === 0}
        empty={<Empty title="No survey answers">Nobody at this account has answered a survey yet.</Empty>}
      >
        {(data) => (
          <>
            <div className="grid grid-kpi" data-testid="account-nps">
              <Kpi
                label="Account NPS"
                value={scoreText('nps', data.nps?.nps)}
                detail={
                  data.nps
                    ? `${data.nps.category} · ${countText(data.nps.responses)} · last 12 months`
                    : 'no NPS answer in the last 12 months'
                }
                tone={
                  data.nps?.category === 'promoter' ? 'good' : data.nps?.category === 'detractor' ? 'bad' : undefined
                }
                explain="Each person's latest NPS answer in the last 12 months, then % promoters − % detractors of those: an account is a promoter when above 0, a detractor when below."
              />
            </div>
            <Table
              label="Account survey answers"
              columns={columns}
              rows={data.responses}
              rowKey={(a) => a.responseId}
              exportName={`tenure-account-${id}-survey-answers`}
              caption={`${formatCount(data.total)} answers${data.total > data.responses.length ? `, the latest ${data.responses.length} shown` : ''}`}
            />
          </>
        )}
      </Loadable>
    </Card>
  );
}

const countText = (n: number) => `${formatCount(n)} ${n === 1 ? 'person' : 'people'}`;
