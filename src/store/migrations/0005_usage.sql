-- Product usage (Segment-compatible events) and the feature catalog.
-- Raw events are partitioned by month of the (clock-skew corrected) event time so retention drops whole
-- partitions; adoption queries read only `usage_daily`, the per account × user × feature × day rollup kept at ingest.

CREATE TABLE usage_events (
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  message_id text NOT NULL,
  type text NOT NULL CHECK (type IN ('track', 'identify', 'group', 'page', 'screen')),
  event text,
  user_id text,
  anonymous_id text,
  group_id text,
  account_id bigint,
  properties jsonb NOT NULL DEFAULT '{}'::jsonb,
  context jsonb NOT NULL DEFAULT '{}'::jsonb,
  source text NOT NULL
) PARTITION BY RANGE (occurred_at);
CREATE TABLE usage_events_default PARTITION OF usage_events DEFAULT;
CREATE INDEX usage_events_user_idx ON usage_events (user_id, occurred_at);

-- Every acknowledged messageId: a retried batch is recognised here and not counted twice.
CREATE TABLE usage_message_ids (
  message_id text PRIMARY KEY,
  received_at timestamptz NOT NULL
);

-- End users as events name them: `user_key` is the userId, or 'anon:' || anonymousId.
CREATE TABLE usage_users (
  user_key text PRIMARY KEY,
  account_id bigint REFERENCES accounts (id) ON DELETE SET NULL,
  group_id text,
  traits jsonb NOT NULL DEFAULT '{}'::jsonb,
  first_seen_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX usage_users_account_idx ON usage_users (account_id);

-- Features: an event name, optionally narrowed by properties that must all be equal; grouped into modules and
-- included in some plans (an empty list: every plan). `milestone_days` marks onboarding milestones (30 or 90).
CREATE TABLE features (
  key text PRIMARY KEY,
  name text NOT NULL,
  module text NOT NULL,
  event text NOT NULL,
  property_filter jsonb NOT NULL DEFAULT '{}'::jsonb,
  plans text[] NOT NULL DEFAULT '{}',
  milestone_days integer CHECK (milestone_days IN (30, 90)),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX features_event_idx ON features (event);

-- Daily rollup: `feature` is a catalog key, or 'event:' || name for an event no catalog feature matches.
CREATE TABLE usage_daily (
  account_id bigint NOT NULL,
  day date NOT NULL,
  user_key text NOT NULL,
  feature text NOT NULL,
  events integer NOT NULL CHECK (events > 0),
  PRIMARY KEY (account_id, day, user_key, feature)
);
CREATE INDEX usage_daily_day_idx ON usage_daily (day);
