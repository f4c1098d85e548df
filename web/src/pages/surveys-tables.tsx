// The surveys page's tables: retention by NPS category, the terms each category's comments use most, and the
// answers with their comments, searchable (any language) and filtered by category; search state lives in the URL.
import { useEffect, useState } from 'react';
import type {
  SurveyAnswer,
  SurveyResponses,
  SurveyRetention,
  SurveyTerms,
  RetentionByCategory,
} from '../../../src/contract/surveys.ts';
import { CATEGORY_LABELS } from '../charts/surveys.ts';
import { Badge, Card } from '../components/Card.tsx';
import { Link } from '../components/Link.tsx';
import { Empty, Loadable } from '../components/States.tsx';
import { Table, type Column } from '../components/Table.tsx';
import { formatCount, formatDate, formatMoney, formatPercent } from '../lib/format.ts';
import { apiPath, href, withChanges } from '../lib/query.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useApi } from '../lib/use-api.ts';

const PAGE = 25;
const CATEGORY_BADGE = { promoter: 'active', passive: 'prospect', detractor: 'churned' } as const;

export function CategoryBadge({ category }: { category: SurveyAnswer['category'] }) {
  return category ? <Badge kind={CATEGORY_BADGE[category]}>{category}</Badge> : null;
}

const rate = (key: string, header: string, value: (r: RetentionByCategory) => number | null) => ({
  key,
  header,
  align: 'right' as const,
  csv: value,
  render: (r: RetentionByCategory) => formatPercent(value(r)),
});

export function RetentionTable({ data, currency }: { data: SurveyRetention; currency: string }) {
  const columns: Column<RetentionByCategory>[] = [
    {
      key: 'category',
      header: 'NPS category then',
      csv: (r) => r.category,
      render: (r) => CATEGORY_LABELS[r.category],
    },
    {
      key: 'accounts',
      header: 'Accounts',
      align: 'right',
      csv: (r) => r.accounts,
      render: (r) => formatCount(r.accounts),
    },
    {
      key: 'arr',
      header: 'ARR then',
      csvOnly: true,
      align: 'right',
      csv: (r) => r.startArrMinor,
      render: (r) => formatMoney(r.startArrMinor, currency, true),
    },
    rate('nrr', 'NRR', (r) => r.nrr),
    rate('grr', 'GRR', (r) => r.grr),
    rate('expansion', 'Expansion', (r) => r.expansionRate),
    rate('churn', 'Logo churn', (r) => r.logoChurnRate),
  ];
  return (
    <Table
      label="Retention by NPS category"
      columns={columns}
      rows={data.categories}
      rowKey={(r) => r.category}
      exportName="tenure-nps-retention"
    />
  );
}

export function TermsCard({ asOf }: { asOf: string }) {
  const { path, query } = useLocation();
  const loaded = useApi<SurveyTerms>(`/api/v1/surveys/terms?asOf=${asOf}&limit=10`);
  const search = (term: string, category: string) =>
    navigate(href(path, withChanges(query, { q: term, category, offset: null })));
  return (
    <Card title="What each category talks about" subtitle="Terms used by the most NPS comments of the last year">
      <Loadable loaded={loaded} height={160}>
        {(data) => (
          <div className="grid grid-3" data-testid="survey-terms">
            {data.categories.map((c) => (
              <div key={c.category}>
                <h3 className="card-subtitle">
                  <CategoryBadge category={c.category} /> {formatCount(c.comments)} comments
                </h3>
                {c.terms.length === 0 ? (
                  <Empty title="No comments" />
                ) : (
                  <ol className="term-list" style={{ margin: 0, paddingLeft: 20, lineHeight: 1.9 }}>
                    {c.terms.map((t) => (
                      <li key={t.term} title={t.examples.map((e) => `“${e.comment}”`).join('\n')}>
                        <button
                          type="button"
                          className="button button-ghost"
                          onClick={() => search(t.term, c.category)}
                        >
                          {t.term}
                        </button>{' '}
                        {formatCount(t.count)} · {formatPercent(t.share, 0)}
                      </li>
                    ))}
                  </ol>
                )}
              </div>
            ))}
          </div>
        )}
      </Loadable>
    </Card>
  );
}

const answerColumns: Column<SurveyAnswer>[] = [
  { key: 'date', header: 'Date', csv: (a) => a.respondedAt, render: (a) => formatDate(a.respondedAt.slice(0, 10)) },
  {
    key: 'account',
    header: 'Account',
    csv: (a) => a.accountExternalId,
    render: (a) => <Link href={`/accounts/${a.accountId}`}>{a.accountName}</Link>,
  },
  { key: 'survey', header: 'Survey', csv: (a) => a.survey },
  { key: 'score', header: 'Score', align: 'right', csv: (a) => a.score },
  {
    key: 'category',
    header: 'Category',
    csv: (a) => a.category,
    render: (a) => <CategoryBadge category={a.category} />,
  },
  { key: 'comment', header: 'Comment', csv: (a) => a.comment, render: (a) => a.comment ?? '' },
  { key: 'person', header: 'Person', csvOnly: true, csv: (a) => a.contactEmail ?? a.userId },
];

/** The search box keeps its text and writes it to the URL a moment after typing stops. */
function Search() {
  const { path, query } = useLocation();
  const current = query.get('q') ?? '';
  const [text, setText] = useState(current);
  useEffect(() => {
    setText(current);
  }, [current]);
  useEffect(() => {
    if (text === current) return;
    const timer = setTimeout(() => {
      navigate(href(path, withChanges(query, { q: text.trim() || null, offset: null })), { replace: true });
    }, 250);
    return () => {
      clearTimeout(timer);
    };
  }, [text, current, path, query]);
  return (
    <label className="field">
      <span>Search comments</span>
      <input
        type="search"
        name="q"
        placeholder="Words, in any language"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
    </label>
  );
}

export function AnswersCard({ asOf }: { asOf: string }) {
  const { path, query } = useLocation();
  const category = query.get('category') ?? '';
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const loaded = useApi<SurveyResponses>(
    apiPath('/api/v1/surveys/responses', query, ['q', 'category'], { asOf, limit: PAGE, offset }),
  );
  const go = (changes: Record<string, string | null>) => navigate(href(path, withChanges(query, changes)));
  return (
    <Card
      title="Answers"
      subtitle="Latest first, with the account and the comment"
      actions={
        <>
          <Search />
          <label className="field">
            <span>Category</span>
            <select
              name="category"
              value={category}
              onChange={(e) => go({ category: e.target.value || null, offset: null })}
            >
              <option value="">All answers</option>
              <option value="detractor">Detractors</option>
              <option value="passive">Passives</option>
              <option value="promoter">Promoters</option>
            </select>
          </label>
        </>
      }
    >
      <Loadable
        loaded={loaded}
        height={200}
        isEmpty={(d) => d.total === 0}
        empty={<Empty title="No answers">No answer matches this search.</Empty>}
      >
        {(data) => (
          <Table
            label="Survey answers"
            columns={answerColumns}
            rows={data.items}
            rowKey={(a) => a.responseId}
            exportName="tenure-survey-answers"
            caption={`${formatCount(data.total)} answers${query.get('q') ? ` using “${query.get('q')}”` : ''}`}
            footer={
              data.total > PAGE ? (
                <div className="pagination">
                  <button
                    type="button"
                    className="button button-ghost"
                    disabled={offset === 0}
                    onClick={() => go({ offset: offset - PAGE > 0 ? String(offset - PAGE) : null })}
                  >
                    Previous
                  </button>
                  <span>
                    {formatCount(offset + 1)}–{formatCount(Math.min(offset + PAGE, data.total))} of{' '}
                    {formatCount(data.total)}
                  </span>
                  <button
                    type="button"
                    className="button button-ghost"
                    disabled={offset + PAGE >= data.total}
                    onClick={() => go({ offset: String(offset + PAGE) })}
                  >
                    Next
                  </button>
                </div>
              ) : null
            }
          />
        )}
      </Loadable>
    </Card>
  );
}
