// A playbook as JSON: a trigger and the steps carried out for each account it matches. See the README,
// "Playbooks", for the format; every bad value is refused naming its field path.
import { triggerOf, TRIGGERS } from './triggers/index.ts';
import { child, fail, flag, object, onlyKeys, optionalText, text, whole, type At, type Json } from './fields.ts';

/** New tasks one run may create before the playbook pauses instead (per playbook: `max_new_tasks`). */
export const DEFAULT_MAX_NEW_TASKS = 500;

/** `owner` (the account's owner CSM), `owner_manager` (their manager) or a user's email. */
export type Assignee = string;

export type Step =
  | {
      type: 'task';
      title: string;
      assignee: Assignee;
      due_in_days: number;
      description?: string | undefined;
      checklist: string[];
    }
  | { type: 'wait'; days: number }
  | { type: 'webhook'; data: Json }
  | { type: 'email'; to: Assignee; subject: string; body: string }
  | { type: 'set_field'; field: string; value: string | number | boolean | null };

export interface PlaybookDefinition {
  name: string;
  description?: string | undefined;
  trigger: Json & { signal: string };
  steps: Step[];
  /** Close the playbook's open task when the account stops matching (default true). */
  auto_close: boolean;
  max_new_tasks: number;
}

export const STEP_TYPES = ['task', 'wait', 'webhook', 'email', 'set_field'] as const;
const SETTABLE = /^(segment|attributes\.[A-Za-z0-9_-]{1,60})$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function assignee(obj: Json, key: string, at: At): Assignee {
  const value = text(obj, key, at);
  if (value !== 'owner' && value !== 'owner_manager' && !EMAIL.test(value)) {
    fail(child(at, key), "owner, owner_manager or a user's email", value);
  }
  return value;
}

function parseStep(raw: unknown, at: At): Step {
  const step = object(raw, at);
  const type = text(step, 'type', at);
  switch (type) {
    case 'task': {
      onlyKeys(step, ['type', 'title', 'assignee', 'due_in_days', 'description', 'checklist'], at);
      const list = step.checklist ?? [];
      if (!Array.isArray(list) || list.length > 50) fail(child(at, 'checklist'), 'a list of at most 50 items', list);
      return {
        type,
        title: text(step, 'title', at),
        assignee: assignee(step, 'assignee', at),
        due_in_days: whole(step, 'due_in_days', at, { min: 0, max: 3650, default: 7 }),
        description: optionalText(step, 'description', at, { max: 5000 }),
        checklist: list.map((item: unknown, i) => {
          if (typeof item !== 'string' || item.trim() === '' || item.length > 500) {
            fail(child(child(at, 'checklist'), i), 'a non-empty text of at most 500 characters', item);
          }
          return item.trim();
        }),
      };
    }
    case 'wait':
      onlyKeys(step, ['type', 'days'], at);
      return { type, days: whole(step, 'days', at, { min: 1, max: 3650 }) };
    case 'webhook':
      onlyKeys(step, ['type', 'data'], at);
      return { type, data: step.data === undefined ? {} : object(step.data, child(at, 'data')) };
    case 'email':
      onlyKeys(step, ['type', 'to', 'subject', 'body'], at);
      return {
        type,
        to: assignee(step, 'to', at),
        subject: text(step, 'subject', at),
        body: text(step, 'body', at, { max: 20_000 }),
      };
    case 'set_field': {
      onlyKeys(step, ['type', 'field', 'value'], at);
      const field = text(step, 'field', at);
      if (!SETTABLE.test(field)) fail(child(at, 'field'), 'segment or attributes.<key>', field);
      const value = step.value;
      if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
        fail(child(at, 'value'), 'a text, number, true/false or null', value);
      }
      if (field === 'segment' && value !== null && typeof value !== 'string') {
        fail(child(at, 'value'), 'a text or null', value);
      }
      return { type, field, value: value as string | number | boolean | null };
    }
    default:
      return fail(child(at, 'type'), `one of ${STEP_TYPES.join(', ')}`, type);
  }
}

/** Reads one playbook; `at.path` is where it sits in the file ('' for a file holding one playbook). */
export function parsePlaybook(raw: unknown, at: At): PlaybookDefinition {
  const obj = object(raw, at);
  onlyKeys(obj, ['name', 'description', 'trigger', 'steps', 'auto_close', 'max_new_tasks'], at);
  const name = text(obj, 'name', at);
  const triggerAt = child(at, 'trigger');
  const trigger = object(obj.trigger, triggerAt);
  const signal = text(trigger, 'signal', triggerAt);
  const module = triggerOf(signal);
  if (!module) fail(child(triggerAt, 'signal'), `one of ${TRIGGERS.map((t) => t.signal).join(', ')}`, signal);
  onlyKeys(trigger, ['signal', ...module.options], triggerAt);
  module.parse(trigger, triggerAt);
  const stepsAt = child(at, 'steps');
  if (!Array.isArray(obj.steps) || obj.steps.length === 0 || obj.steps.length > 20) {
    fail(stepsAt, 'a list of 1 to 20 steps', obj.steps);
  }
  return {
    name,
    description: optionalText(obj, 'description', at, { max: 2000 }),
    trigger: { ...trigger, signal },
    steps: obj.steps.map((s, i) => parseStep(s, child(stepsAt, i))),
    auto_close: flag(obj, 'auto_close', at, true),
    max_new_tasks: whole(obj, 'max_new_tasks', at, { min: 1, max: 1_000_000, default: DEFAULT_MAX_NEW_TASKS }),
  };
}

/** A file holds one playbook (an object) or several (a list of objects). */
export function parsePlaybookFile(textContent: string, file: string): PlaybookDefinition[] {
  let raw: unknown;
  try {
    raw = JSON.parse(textContent);
  } catch (error) {
    fail({ file, path: '' }, `JSON (${error instanceof Error ? error.message : 'unreadable'})`, undefined);
  }
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) fail({ file, path: '' }, 'at least one playbook', raw);
  const defs = list.map((p, i) => parsePlaybook(p, { file, path: Array.isArray(raw) ? `[${i}]` : '' }));
  const seen = new Set<string>();
  defs.forEach((d, i) => {
    if (seen.has(d.name.toLowerCase())) fail({ file, path: `[${i}].name` }, 'a name used once in the file', d.name);
    seen.add(d.name.toLowerCase());
  });
  return defs;
}
