// Built-in playbook templates: ready-made playbooks a team installs as they are (or edits after installing).
// Installing one imports its JSON like `tenure playbooks import`, so a template is never a special kind of playbook.
import type { ServiceContext } from '../context.ts';
import { NotFoundError } from './tasks.ts';
import { importPlaybooks } from './playbooks.ts';

export interface PlaybookTemplate {
  key: string;
  name: string;
  description: string;
  playbook: Record<string, unknown>;
}

export const PLAYBOOK_TEMPLATES: readonly PlaybookTemplate[] = [
  {
    key: 'ask-for-reference',
    name: 'Ask for a reference',
    description:
      'When an account becomes a reference candidate (promoter, healthy, highly adopted, a customer long enough), its owner gets a task to ask for a case study, a reference call or a review.',
    playbook: {
      name: 'Ask for a reference',
      trigger: { signal: 'reference_candidate' },
      steps: [
        {
          type: 'task',
          assignee: 'owner',
          title: 'Ask for a reference',
          due_in_days: 14,
          description:
            'This customer is a promoter, healthy, highly adopted and has been with us long enough: ask whether they would be a reference.',
          checklist: [
            'Read the latest NPS comment and the success plan',
            'Ask the champion: case study, reference call or review',
            'Record the answer in a note',
          ],
        },
      ],
      auto_close: true,
      max_new_tasks: 100,
    },
  },
];

/** Installs a built-in template as a playbook (replacing a playbook of the same name, as an import does). */
export async function installPlaybookTemplate({ ctx, key }: { ctx: ServiceContext; key: string }) {
  const template = PLAYBOOK_TEMPLATES.find((t) => t.key === key);
  if (!template)
    throw new NotFoundError(
      `no playbook template "${key}" (known: ${PLAYBOOK_TEMPLATES.map((t) => t.key).join(', ')})`,
    );
  return importPlaybooks({ ctx, text: JSON.stringify(template.playbook), file: `template ${key}` });
}
