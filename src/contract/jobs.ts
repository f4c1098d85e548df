// Jobs over HTTP: input and output schemas (TypeBox), once, for the routes, the services' types and the web app.
import { Type, type Static } from 'typebox';
import { integerInput, json, MAX_OFFSET, Nullable, Obj } from './common.ts';

export { IdParams } from './common.ts';

const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Nullable(Timestamp);

export const JOB_STATES = ['queued', 'running', 'done', 'dead'] as const;
export const JobState = Type.Enum(JOB_STATES);

export const JobProgress = Nullable(
  Obj({
    done: Type.Number(),
    total: Type.Optional(Type.Number()),
    note: Type.Optional(Type.String()),
  }),
);

export const Job = Obj({
  id: Type.Integer(),
  kind: Type.String(),
  payload: json('what the job works on, as queued'),
  state: JobState,
  runAt: Type.String({ format: 'date-time', description: 'when a queued job runs next' }),
  attempts: Type.Integer({ description: 'tries made (of this occurrence, for a recurring job)' }),
  maxAttempts: Type.Integer(),
  schedule: Type.Union([Type.String(), Type.Null()], { description: 'cron expression in TENURE_TIMEZONE' }),
  lockedBy: Type.Union([Type.String(), Type.Null()], {
    description: 'the runner (host:pid:tag) holding a running job, or the last one that ran it',
  }),
  progress: JobProgress,
  lastError: Nullable(Type.String()),
  lastStartedAt: NullableTimestamp,
  lastFinishedAt: NullableTimestamp,
  createdAt: Timestamp,
});
export type JobView = Static<typeof Job>;

export const JobListQuery = Type.Object({
  state: Type.Optional(JobState),
  kind: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(integerInput({ minimum: 1, maximum: 500, default: 100, description: 'jobs per page' })),
  offset: Type.Optional(integerInput({ minimum: 0, maximum: MAX_OFFSET, default: 0, description: 'jobs to skip' })),
});
export type JobListQuery = Static<typeof JobListQuery>;

export const JobList = Obj({
  items: Type.Array(Job),
  total: Type.Integer(),
  timezone: Type.String({ description: 'the zone recurring schedules are read in (TENURE_TIMEZONE)' }),
});
export type JobListView = Static<typeof JobList>;
