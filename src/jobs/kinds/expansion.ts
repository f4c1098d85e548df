// The daily expansion scoring: train on the history, score every paying account as of today with its move.
import { scoreExpansion } from '../../services/expansion/score.ts';
import { modelScoreJob } from './model-score.ts';

export const expansionScoreJob = modelScoreJob({
  kind: 'expansion.score',
  description:
    'train the expansion model on the history and score every paying account (probability, reasons, suggested move) as of today',
  schedule: '40 4 * * *',
  score: scoreExpansion,
});
