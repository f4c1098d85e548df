// Value reports over HTTP: the report's model (preview), share links, value metric definitions, outcome values
// recorded by hand, the company's report settings and each account's business review schedule.
import { Type, type Static } from 'typebox';
import { Day, DayText, Id, Month, MonthText, Nullable, Obj } from './common.ts';

export const ValueReportQuery = Type.Object(
  {
    from: Type.Optional(Month),
    to: Type.Optional(Month),
  },
  { additionalProperties: false },
);

const Num = Type.Number();
const OutcomeRow = Obj({
  metric: Type.String(),
  baseline: Num,
  now: Nullable(Num),
  target: Num,
  dueDate: DayText,
  progressPct: Nullable(Num),
  status: Type.Enum(['achieved', 'in progress', 'not measured']),
  source: Type.String({ description: 'the records the "now" value comes from' }),
});
const ValueMetricRow = Obj({
  name: Type.String(),
  feature: Type.String(),
  events: Num,
  multiplier: Num,
  unit: Type.String(),
  value: Num,
  source: Type.String(),
});
const PeerRow = Obj({
  measure: Type.String(),
  customer: Nullable(Num),
  p25: Num,
  median: Num,
  p75: Num,
  percentile: Nullable(Num),
});

export const ValueReport = Obj(
  {
    title: Type.String(),
    company: Obj({ name: Type.String(), brandColor: Type.String() }),
    account: Obj({ externalId: Type.String(), name: Type.String() }),
    period: Obj({ from: MonthText, to: MonthText, firstDay: DayText, lastDay: DayText, label: Type.String() }),
    asOf: DayText,
    outcomes: Type.Array(OutcomeRow),
    usage: Obj({
      activeUsersStart: Num,
      activeUsersEnd: Num,
      activeUserGrowthPct: Nullable(Num),
      featuresUsed: Num,
      featuresAdopted: Type.Array(Type.String()),
      milestonesCompleted: Num,
      milestonesTotal: Num,
      sources: Type.Array(Type.String()),
    }),
    valueMetrics: Type.Array(ValueMetricRow),
    peers: Type.Union([
      Obj({
        shown: Type.Literal(true),
        group: Type.String(),
        count: Num,
        rows: Type.Array(PeerRow),
        source: Type.String(),
      }),
      Obj({ shown: Type.Literal(false), group: Type.String(), count: Num, reason: Type.String() }),
    ]),
    sources: Type.Array(Type.String()),
  },
  'A customer-facing value report: every figure with the records it comes from',
);
export type ValueReportView = Static<typeof ValueReport>;

export const ShareInput = Type.Object(
  {
    from: Type.Optional(Month),
    to: Type.Optional(Month),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, description: 'how long the link works' })),
  },
  { additionalProperties: false },
);
export const ShareLink = Obj({
  url: Type.String(),
  pdfUrl: Type.String(),
  token: Type.String(),
  expiresAt: Type.String({ description: 'ISO 8601 time' }),
  from: MonthText,
  to: MonthText,
  linkId: Type.Integer({ description: "the link's id: list or withdraw it by this" }),
});
export type ShareLinkView = Static<typeof ShareLink>;

export const ShareLinkParams = Type.Object({ id: Id, linkId: Id });
export const ShareLinkRecord = Obj(
  {
    id: Type.Integer(),
    accountId: Type.Integer(),
    from: MonthText,
    to: MonthText,
    expiresAt: Type.String({ description: 'ISO 8601 time' }),
    createdAt: Type.String({ description: 'ISO 8601 time' }),
    createdBy: Type.String(),
    revokedAt: Nullable(Type.String({ description: 'ISO 8601 time; the link opens nothing since' })),
    revokedBy: Nullable(Type.String()),
    lastOpenedAt: Nullable(Type.String({ description: 'ISO 8601 time' })),
    opens: Type.Integer({ description: 'times the page or its PDF was opened' }),
    status: Type.Enum(['active', 'expired', 'revoked']),
  },
  'A share link made for a value report (the token itself is not kept)',
);
export type ShareLinkRecordView = Static<typeof ShareLinkRecord>;
export const ShareLinkList = Obj({ items: Type.Array(ShareLinkRecord) });
export type ShareLinkListView = Static<typeof ShareLinkList>;

export const ValueMetricInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. "Hours saved"' }),
    feature: Type.String({ minLength: 1, maxLength: 200, description: 'a catalog feature key' }),
    multiplier: Type.Number({ exclusiveMinimum: 0, maximum: 1e9 }),
    unit: Type.String({ minLength: 1, maxLength: 30, description: 'e.g. "h"' }),
  },
  { additionalProperties: false },
);
export const ValueMetric = Obj({
  id: Type.Integer(),
  name: Type.String(),
  feature: Type.String(),
  featureName: Nullable(Type.String()),
  multiplier: Num,
  unit: Type.String(),
  updatedAt: Type.String(),
});
export type ValueMetricView = Static<typeof ValueMetric>;
export const ValueMetricList = Obj({ items: Type.Array(ValueMetric) });
export const Removed = Obj({ removed: Type.Boolean() });

export const OutcomeValueInput = Type.Object(
  {
    metric: Type.String({ minLength: 1, maxLength: 200, description: "the promised outcome's metric" }),
    value: Type.Number(),
    recordedOn: Type.Optional(Day),
  },
  { additionalProperties: false },
);
export const OutcomeValue = Obj({ id: Type.Integer(), metric: Type.String(), value: Num, recordedOn: DayText });

export const ValueSettings = Obj({
  companyName: Type.String(),
  brandColor: Type.String(),
  renewalLeadDays: Type.Integer(),
  reviewLeadDays: Type.Integer(),
  linkDays: Type.Integer(),
  minPeers: Type.Integer(),
});
export const ValueSettingsInput = Type.Object(
  {
    companyName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'shown on every report' })),
    brandColor: Type.Optional(Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: '#RRGGBB' })),
    renewalLeadDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    reviewLeadDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 90 })),
    linkDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    minPeers: Type.Optional(Type.Integer({ minimum: 5, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const SendInput = Type.Object(
  {
    recipient: Type.String({ minLength: 3, maxLength: 320, description: 'an email address' }),
    from: Type.Optional(Month),
    to: Type.Optional(Month),
  },
  { additionalProperties: false },
);
export const SendQueued = Obj({ id: Type.Integer() });

export const ReviewScheduleInput = Type.Object(
  {
    reviewOn: Nullable(Day),
    cadenceMonths: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 24 }))),
    recipient: Type.Optional(
      Nullable(Type.String({ maxLength: 320, description: 'instead of sponsors and champions' })),
    ),
  },
  { additionalProperties: false },
);
export const ReviewSchedule = Obj({
  reviewOn: Nullable(DayText),
  cadenceMonths: Nullable(Type.Integer()),
  recipient: Nullable(Type.String()),
});
