// Survey definitions, sending and answering (TypeBox): for the admin routes, the in-app routes, the CLI and the web.
import { Type, type Static } from 'typebox';
import { dayInput, DayText, Id, integerInput, MAX_OFFSET, MAX_PAGE_SIZE, Nullable, Obj } from './common.ts';
import { FILTER_DIMENSIONS } from './segments.ts';

export const SURVEY_KIND_NAMES = ['nps', 'csat', 'ces'] as const;
export const SurveyKindSchema = Type.Enum(SURVEY_KIND_NAMES, { description: 'nps (0–10), csat (1–5) or ces (1–7)' });
export const SURVEY_STATUSES = ['open', 'closed'] as const;
export const INVITATION_CHANNELS = ['link', 'email', 'in_app'] as const;
export type InvitationChannel = (typeof INVITATION_CHANNELS)[number];
export const SEND_CHANNELS = ['email', 'link'] as const;
export type SendChannel = (typeof SEND_CHANNELS)[number];
export const INVITATION_STATES = ['queued', 'sent', 'answered', 'dismissed', 'failed', 'expired'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

const Timestamp = Type.String({ format: 'date-time' });
const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const StringMap = (description: string) =>
  Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 200 }), { description });

const FilterValue = Type.Optional(Type.String({ maxLength: 200 }));

/** Who is asked: every value given must match (an empty audience is everyone). */
export const Audience = Obj(
  {
    filters: Type.Optional(
      Obj(
        {
          industry: FilterValue,
          size_band: FilterValue,
          segment: FilterValue,
          icp_fit: FilterValue,
          plan: FilterValue,
          owner_csm: FilterValue,
        },
        `account segment: ${FILTER_DIMENSIONS.join(', ')} (plan: the plan paid for now; '(none)' for none)`,
      ),
    ),
    attributes: Type.Optional(
      StringMap("account attributes (e.g. country), matched against the account's imported attributes"),
    ),
    role: Type.Optional(
      Type.String({ maxLength: 200, description: "the contact's role (or the product user's role trait)" }),
    ),
    traits: Type.Optional(StringMap("contact attributes, or the product user's traits")),
  },
  'who is asked; {} is everyone',
);
export type AudienceView = Static<typeof Audience>;

const Formbricks = Obj(
  {
    surveyId: Text(100, "the Formbricks survey's id"),
    scoreQuestion: Type.Optional(Text(100, 'the id of the rating question (default: the first answer in range)')),
    commentQuestion: Type.Optional(Text(100, 'the id of the open-text question kept as comment')),
  },
  'answers posted by Formbricks for this survey are recorded here',
);

const Definition = {
  question: Text(1000, 'the question asked, in the survey language'),
  language: Type.String({
    pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
    maxLength: 35,
    description: 'BCP 47 language tag: en, zh-CN, de…',
  }),
  followUp: Nullable(Type.String({ maxLength: 1000, description: 'NPS: the "why?" question after the score' })),
  audience: Audience,
  throttleAnsweredDays: integerInput({
    minimum: 0,
    maximum: 3650,
    description: 'days a person is not asked after an answer',
  }),
  throttleDismissedDays: integerInput({
    minimum: 0,
    maximum: 3650,
    description: 'days a person is not asked after a dismissal or an unanswered invitation',
  }),
  samplePercent: integerInput({ minimum: 1, maximum: 100, description: 'share of eligible people asked, in percent' }),
  startsOn: Nullable(dayInput('first day of a wave (null: continuous)')),
  endsOn: Nullable(dayInput('last day of a wave (null: continuous)')),
  formbricks: Nullable(Formbricks),
};

export const SurveyInput = Obj({
  name: Text(200),
  kind: SurveyKindSchema,
  question: Definition.question,
  language: Type.Optional(Definition.language),
  followUp: Type.Optional(Definition.followUp),
  audience: Type.Optional(Definition.audience),
  throttleAnsweredDays: Type.Optional(Definition.throttleAnsweredDays),
  throttleDismissedDays: Type.Optional(Definition.throttleDismissedDays),
  samplePercent: Type.Optional(Definition.samplePercent),
  startsOn: Type.Optional(Definition.startsOn),
  endsOn: Type.Optional(Definition.endsOn),
  formbricks: Type.Optional(Definition.formbricks),
});
export type SurveyInputBody = Static<typeof SurveyInput>;

export const SurveyPatch = Obj({
  name: Type.Optional(Text(200)),
  question: Type.Optional(Definition.question),
  language: Type.Optional(Definition.language),
  followUp: Type.Optional(Definition.followUp),
  audience: Type.Optional(Definition.audience),
  throttleAnsweredDays: Type.Optional(Definition.throttleAnsweredDays),
  throttleDismissedDays: Type.Optional(Definition.throttleDismissedDays),
  samplePercent: Type.Optional(Definition.samplePercent),
  startsOn: Type.Optional(Definition.startsOn),
  endsOn: Type.Optional(Definition.endsOn),
  formbricks: Type.Optional(Definition.formbricks),
  status: Type.Optional(Type.Enum(SURVEY_STATUSES, { description: 'open or closed' })),
});
export type SurveyPatchBody = Static<typeof SurveyPatch>;

export const SurveySummary = Obj({
  eligible: Type.Integer({ description: 'people in the audience now (contacts with an email, mapped product users)' }),
  sent: Type.Integer({ description: 'invitations that reached their person (answered, dismissed or not)' }),
  answered: Type.Integer(),
  dismissed: Type.Integer({ description: 'never in a score' }),
  unanswered: Type.Integer({ description: 'sent, neither answered nor dismissed (expired included)' }),
  expired: Type.Integer(),
  queued: Type.Integer(),
  failed: Type.Integer(),
  responses: Type.Integer({ description: 'scored answers from every channel and import' }),
  responseRate: Type.Union([Type.Number(), Type.Null()], { description: 'answered ÷ sent (null: none sent)' }),
});
export type SurveySummaryView = Static<typeof SurveySummary>;

export const Survey = Obj({
  id: Type.Integer(),
  name: Type.String(),
  kind: SurveyKindSchema,
  question: Nullable(Type.String()),
  language: Type.String(),
  followUp: Nullable(Type.String()),
  audience: Audience,
  throttleAnsweredDays: Type.Integer(),
  throttleDismissedDays: Type.Integer(),
  samplePercent: Type.Integer(),
  startsOn: Nullable(DayText),
  endsOn: Nullable(DayText),
  status: Type.Enum(SURVEY_STATUSES),
  closedAt: Nullable(Timestamp),
  formbricks: Nullable(Formbricks),
  createdAt: Timestamp,
  summary: SurveySummary,
});
export type SurveyView = Static<typeof Survey>;

export const SurveyList = Obj({ items: Type.Array(Survey) });
export type SurveyListView = Static<typeof SurveyList>;

export const SendInput = Obj({
  channel: Type.Optional(
    Type.Enum(SEND_CHANNELS, { description: 'email (default): mailed by jobs; link: links to hand out' }),
  ),
  limit: Type.Optional(integerInput({ minimum: 1, maximum: 100_000, description: 'invite at most this many people' })),
});
export type SendInputBody = Static<typeof SendInput>;

export const SendResult = Obj({
  surveyId: Type.Integer(),
  channel: Type.Enum(SEND_CHANNELS),
  audience: Type.Integer({ description: 'people in the audience with an email' }),
  invited: Type.Integer(),
  throttled: Type.Integer({ description: 'asked, answered or dismissed too recently' }),
  notSampled: Type.Integer(),
  links: Type.Array(Obj({ invitationId: Type.Integer(), email: Type.String(), url: Type.String() }), {
    description: 'link channel: one signed link per person invited',
  }),
});
export type SendResultView = Static<typeof SendResult>;

export const Invitation = Obj({
  id: Type.Integer(),
  surveyId: Type.Integer(),
  channel: Type.Enum(INVITATION_CHANNELS),
  state: Type.Enum(INVITATION_STATES),
  email: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  account: Obj({ id: Type.Integer(), externalId: Type.String(), name: Type.String() }),
  error: Nullable(Type.String({ description: 'why the last send failed' })),
  attempts: Type.Integer(),
  createdAt: Timestamp,
  sentAt: Nullable(Timestamp),
  expiresAt: Timestamp,
  respondedAt: Nullable(Timestamp),
  score: Nullable(Type.Integer()),
});
export type InvitationView = Static<typeof Invitation>;

export const InvitationQuery = Type.Object({
  state: Type.Optional(Type.Enum(INVITATION_STATES)),
  limit: Type.Optional(
    integerInput({ minimum: 1, maximum: MAX_PAGE_SIZE, description: 'rows per page (default 100)' }),
  ),
  offset: Type.Optional(integerInput({ minimum: 0, maximum: MAX_OFFSET, description: 'rows to skip' })),
});
export type InvitationQueryView = Static<typeof InvitationQuery>;

export const InvitationPage = Obj({ total: Type.Integer(), items: Type.Array(Invitation) });
export type InvitationPageView = Static<typeof InvitationPage>;

// In-app: asked by the customer's app with an ingest key, keyed by its Segment user id.

export const EligibleQuery = Type.Object({ userId: Text(200, 'the Segment userId of the person using the app') });

const Prompt = Obj({
  surveyId: Type.Integer(),
  kind: SurveyKindSchema,
  question: Type.String(),
  followUp: Nullable(Type.String()),
  language: Type.String(),
  scale: Obj({ min: Type.Integer(), max: Type.Integer() }),
  labels: Obj({
    low: Type.String(),
    high: Type.String(),
    comment: Type.String(),
    submit: Type.String(),
    dismiss: Type.String(),
    thanks: Type.String(),
  }),
});

export const EligibleAnswer = Obj({
  ask: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()], {
    description: 'why not: unknown_user, no_survey, throttled, not_sampled',
  }),
  survey: Nullable(Prompt),
});
export type EligibleAnswerView = Static<typeof EligibleAnswer>;

export const InAppAnswer = Obj({
  userId: Text(200),
  surveyId: Id,
  score: Type.Optional(integerInput({ minimum: 0, maximum: 10, description: "the score on the survey's scale" })),
  comment: Type.Optional(Type.String({ maxLength: 5000 })),
  dismissed: Type.Optional(Type.Boolean({ description: 'the person closed the prompt without answering' })),
});
export type InAppAnswerBody = Static<typeof InAppAnswer>;

export const AnswerRecorded = Obj({
  recorded: Type.Boolean({ description: 'false: this answer was already recorded' }),
  responseId: Type.String(),
  state: Type.Enum(['answered', 'dismissed']),
});
export type AnswerRecordedView = Static<typeof AnswerRecorded>;

/** Formbricks' webhook body: { webhookId, event, data: response } (checked loosely; the service reads fields). */
export const FormbricksWebhook = Type.Object(
  {
    webhookId: Type.Optional(Type.String()),
    event: Type.String({ maxLength: 100 }),
    data: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: true },
);

export const FormbricksReceipt = Obj({
  recorded: Type.Boolean(),
  responseId: Nullable(Type.String()),
  note: Type.String(),
});
export type FormbricksReceiptView = Static<typeof FormbricksReceipt>;
