-- Playbook emails are sent by a job (playbook.email): each row keeps its tries, last error and when it went out.
ALTER TABLE playbook_emails ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE playbook_emails ADD COLUMN error text;
ALTER TABLE playbook_emails ADD COLUMN sent_at timestamptz;
