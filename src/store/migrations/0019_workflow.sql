-- CS workflow: playbooks (a trigger and steps, stored as the JSON they were imported as), the accounts each one is
-- working on (enrollments), its run log, the tasks it gives CSMs and their comments; CSM notes; tiers.

-- A CSM's manager, for tasks assigned to "owner_manager".
ALTER TABLE users ADD COLUMN manager_user_id bigint REFERENCES users (id) ON DELETE SET NULL;

CREATE TABLE playbooks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  definition jsonb NOT NULL,
  state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused')),
  -- Why it is paused, in words (e.g. "would create 10000 tasks, more than its cap of 500").
  paused_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX playbooks_name_idx ON playbooks (lower(name));

-- An account a playbook is working on: entered when its trigger matched, left when it stopped matching.
-- `next_step` is the index of the next step to carry out; a wait step sets `resume_at`.
CREATE TABLE playbook_enrollments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  playbook_id bigint NOT NULL REFERENCES playbooks (id) ON DELETE CASCADE,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  entered_at timestamptz NOT NULL,
  next_step integer NOT NULL DEFAULT 0,
  resume_at timestamptz,
  exited_at timestamptz
);
CREATE UNIQUE INDEX playbook_enrollments_active_idx ON playbook_enrollments (playbook_id, account_id)
  WHERE exited_at IS NULL;

-- Every evaluation of a playbook: what it matched, created, closed and skipped, and why.
CREATE TABLE playbook_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  playbook_id bigint NOT NULL REFERENCES playbooks (id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('ok', 'paused', 'failed')),
  matched integer NOT NULL DEFAULT 0,
  entered integer NOT NULL DEFAULT 0,
  created integer NOT NULL DEFAULT 0,
  closed integer NOT NULL DEFAULT 0,
  skipped integer NOT NULL DEFAULT 0,
  -- [{ "level": "info" | "skip" | "warn", "message": "…" }]
  log jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX playbook_runs_playbook_idx ON playbook_runs (playbook_id, id);

CREATE TABLE tasks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  playbook_id bigint REFERENCES playbooks (id) ON DELETE SET NULL,
  enrollment_id bigint REFERENCES playbook_enrollments (id) ON DELETE SET NULL,
  title text NOT NULL,
  description text,
  -- [{ "item": "…", "done": false }]
  checklist jsonb NOT NULL DEFAULT '[]'::jsonb,
  assignee_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
  status text NOT NULL CHECK (status IN ('open', 'snoozed', 'done', 'closed_auto', 'cancelled')),
  due_on date,
  snoozed_until date,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  finished_at timestamptz
);
-- One open task per playbook and account at a time.
CREATE UNIQUE INDEX tasks_one_open_idx ON tasks (playbook_id, account_id)
  WHERE status IN ('open', 'snoozed') AND playbook_id IS NOT NULL;
CREATE INDEX tasks_assignee_idx ON tasks (assignee_user_id, status);
CREATE INDEX tasks_account_idx ON tasks (account_id, created_at);

CREATE TABLE task_comments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  task_id bigint NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  author_label text NOT NULL,
  author_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX task_comments_task_idx ON task_comments (task_id, id);

-- Emails a playbook step asked for, waiting for the mail sender (only written when SMTP is configured).
CREATE TABLE playbook_emails (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  playbook_id bigint REFERENCES playbooks (id) ON DELETE SET NULL,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  to_address text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  created_at timestamptz NOT NULL
);

-- Notes CSMs write about an account, in Markdown.
CREATE TABLE account_notes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  author_label text NOT NULL,
  author_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX account_notes_account_idx ON account_notes (account_id, created_at);

-- Coverage tiers (e.g. high-touch, mid-touch, tech-touch): the first tier by rank whose rules an account meets is
-- its tier. `rules` is a JSON object (see the README); targets are per CSM.
CREATE TABLE tiers (
  key text PRIMARY KEY,
  name text NOT NULL,
  rank integer NOT NULL UNIQUE,
  rules jsonb NOT NULL DEFAULT '{}'::jsonb,
  target_accounts_per_csm integer CHECK (target_accounts_per_csm > 0),
  target_arr_per_csm_minor bigint CHECK (target_arr_per_csm_minor > 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A tier set by hand for one account, until it expires (every override expires).
CREATE TABLE account_tier_overrides (
  account_id bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  tier_key text NOT NULL REFERENCES tiers (key) ON DELETE CASCADE,
  reason text,
  expires_on date NOT NULL,
  set_by text NOT NULL,
  created_at timestamptz NOT NULL
);
