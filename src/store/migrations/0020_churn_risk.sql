-- The churn model's output: each account's risk as scored by the daily `churn.score` job (probability of
-- churning and of contracting within the horizon, the reasons in words), and each backtest's results.
CREATE TABLE churn_risk (
  account_id bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  as_of date NOT NULL,
  horizon_days integer NOT NULL CHECK (horizon_days > 0),
  churn_probability double precision NOT NULL CHECK (churn_probability BETWEEN 0 AND 1),
  contraction_probability double precision CHECK (contraction_probability BETWEEN 0 AND 1),
  reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
  model text NOT NULL,
  trained_at timestamptz NOT NULL,
  scored_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX churn_risk_probability_idx ON churn_risk (churn_probability DESC);

CREATE TABLE churn_backtests (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  as_of date NOT NULL,
  horizon_days integer NOT NULL,
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
