// Jobs over HTTP: input and output schemas (TypeBox), once, for the routes, the services' types and the web app.
import { Type, type Static } from 'typebox';

const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const JobState = Type.Enum(['queued', 'running', 'done', 'dead']);

export const JobProgress = Type.Union([
  Type.Object(
    {
      done: Type.Number(),
      total: Type.Optional(Type.Number()),
      note: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

export const Job = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.String(),
    state: JobState,
    runAt: Type.String({ format: 'date-time', description: 'when a queued job runs next' }),
    attempts: Type.Integer({ description: 'tries made (of this occurrence, for a recurring job)' }),
    maxAttempts: Type.Integer(),
    schedule: Type.Union([Type.String(), Type.Null()], { description: 'cron expression in TENURE_TIMEZONE' }),
    lockedBy: Type.Union([Type.String(), Type.Null()], {
      description: 'the runner (host:pid:tag) holding a running job, or the last one that ran it',
    }),
    progress: JobProgress,
    lastError: Type.Union([Type.String(), Type.Null()]),
    lastStartedAt: NullableTimestamp,
    lastFinishedAt: NullableTimestamp,
    createdAt: Timestamp,
  },
  { additionalProperties: false },
);
export type JobView = Static<typeof Job>;

export const JobListQuery = Type.Object({
  state: Type.Optional(JobState),
  kind: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

export const JobList = Type.Object(
  {
    items: Type.Array(Job),
    total: Type.Integer(),
    timezone: Type.String({ description: 'the zone recurring schedules are read in (TENURE_TIMEZONE)' }),
  },
  { additionalProperties: false },
);
export type JobListView = Static<typeof JobList>;

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
