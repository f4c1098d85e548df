// Writes the demo company's survey answers (src/core/demo/surveys.ts) through the responses' upsert.
import type { DemoCompany } from '../core/demo/index.ts';
import { DEMO_SURVEYS, demoSurveyResponses } from '../core/demo/surveys.ts';
import { upsertWithProgress } from '../importers/csv/write.ts';
import { accountIdsByExternalId, ensureSurveys, SURVEY_RESPONSES } from '../store/surveys.ts';
import type { Queryable } from '../store/types.ts';
import type { ServiceContext } from './context.ts';

/** Writes the demo surveys and their answers in the caller's transaction; returns how many answers. */
export async function writeDemoSurveys(ctx: ServiceContext, tx: Queryable, company: DemoCompany): Promise<number> {
  const surveys = await ensureSurveys(tx, DEMO_SURVEYS);
  const responses = demoSurveyResponses(company);
  const accounts = await accountIdsByExternalId(
    tx,
    company.accounts.map((a) => a.external_id),
  );
  const rows = responses.flatMap(({ account_external_id, survey, ...r }) => {
    const accountId = accounts.get(account_external_id);
    const surveyId = surveys.get(survey)?.id;
    if (accountId === undefined || surveyId === undefined) return [];
    return [{ ...r, account_id: accountId, survey_id: surveyId, contact_email: null, source: 'demo' }];
  });
  await upsertWithProgress(tx, SURVEY_RESPONSES, rows, ctx.progress, 'demo survey answers');
  return rows.length;
}
