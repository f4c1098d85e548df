-- Value report share links, one row per link made: the token names its row, so one link can be withdrawn
-- (revoked_at) without rotating the secret, and the team sees which links were opened, how often and when.
-- The token itself is not stored: a reader of this table cannot open a report.

CREATE TABLE value_report_links (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  period_from text NOT NULL,
  period_to text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  revoked_at timestamptz,
  revoked_by text,
  last_opened_at timestamptz,
  open_count integer NOT NULL DEFAULT 0
);
CREATE INDEX value_report_links_account_idx ON value_report_links (account_id, created_at DESC);

-- The value report settings used to default the company name to 'Tenure' and stored that default whenever any
-- setting changed; reports are sent by the company using Tenure, so that name is dropped (TENURE_COMPANY_NAME, or
-- no name, applies until an admin sets one).
UPDATE settings SET value = value - 'companyName'
 WHERE key = 'value_reports' AND value ->> 'companyName' = 'Tenure';

-- A report email keeps the link it made, so a retried send mails the same link instead of making one per try.
ALTER TABLE value_report_sends ADD COLUMN link_id bigint REFERENCES value_report_links (id) ON DELETE SET NULL;
