// An account's timeline: CSM notes, tasks, revenue movements, survey answers, renewals and weekly usage, merged.
import { Type, type Static } from 'typebox';
import { dayInput, integerInput, Minor, Nullable, Obj } from './common.ts';

export const TIMELINE_KINDS = ['note', 'task', 'movement', 'survey', 'renewal', 'usage'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TimelineEntry = Obj({
  id: Type.String({ description: 'kind:id, unique in the stream' }),
  kind: Type.Enum(TIMELINE_KINDS),
  at: Type.String({ description: 'when it happened: an ISO timestamp, or a day YYYY-MM-DD for day-level facts' }),
  title: Type.String(),
  detail: Nullable(Type.String({ description: 'plain text' })),
  markdown: Nullable(Type.String({ description: 'a note’s body, Markdown as written (render it escaped)' })),
  author: Nullable(Type.String()),
  amountMinor: Nullable(Minor),
  currency: Nullable(Type.String()),
  score: Nullable(Type.Number()),
  taskId: Nullable(Type.Integer()),
});
export type TimelineEntryView = Static<typeof TimelineEntry>;

export const Timeline = Obj({
  accountId: Type.Integer(),
  externalId: Type.String(),
  kinds: Type.Array(Type.Enum(TIMELINE_KINDS)),
  entries: Type.Array(TimelineEntry),
});
export type TimelineView = Static<typeof Timeline>;

export const TimelineQuery = Type.Object({
  kinds: Type.Optional(
    Type.String({
      maxLength: 200,
      description: `comma-separated kinds to include (default all): ${TIMELINE_KINDS.join(', ')}`,
    }),
  ),
  from: Type.Optional(dayInput('only entries on or after this day')),
  to: Type.Optional(dayInput('only entries on or before this day')),
  limit: Type.Optional(integerInput({ minimum: 1, maximum: 2000, description: 'at most this many, newest first' })),
});

export const NoteInput = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 20_000, description: 'Markdown' }) },
  { additionalProperties: false },
);
