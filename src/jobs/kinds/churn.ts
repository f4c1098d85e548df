// The daily churn-risk scoring: train on the history, score every paying account as of today.
import { scoreChurnRisk } from '../../services/churn/risk.ts';
import { modelScoreJob } from './model-score.ts';

export const churnScoreJob = modelScoreJob({
  kind: 'churn.score',
  description: 'train the churn model on the history and score every paying account (risk and reasons) as of today',
  schedule: '20 4 * * *',
  score: scoreChurnRisk,
});
