-- The expansion model's output: each paying account's probability of expanding within the horizon as scored by
-- the daily `expansion.score` job, the reasons in words, and the suggested move with the MRR it would add
-- (minor units of the reporting currency); and each expansion backtest's results.
CREATE TABLE expansion_propensity (
  account_id bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  as_of date NOT NULL,
  horizon_days integer NOT NULL CHECK (horizon_days > 0),
  probability double precision NOT NULL CHECK (probability BETWEEN 0 AND 1),
  reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
  move_kind text CHECK (move_kind IN ('seats', 'plan')),
  suggested_move text,
  expansion_mrr_minor bigint CHECK (expansion_mrr_minor >= 0),
  currency char(3) NOT NULL,
  model text NOT NULL,
  trained_at timestamptz NOT NULL,
  scored_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX expansion_propensity_probability_idx ON expansion_propensity (probability DESC);

CREATE TABLE expansion_backtests (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  as_of date NOT NULL,
  horizon_days integer NOT NULL,
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
