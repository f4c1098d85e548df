// The handoff file and success plans over HTTP.
import { Type, type Static } from 'typebox';
import { DayText, Id, Nullable, Obj, dayInput, integerInput } from './common.ts';

export const Outcome = Obj({
  metric: Type.String({ minLength: 1, maxLength: 200, description: 'e.g. "reports built per week"' }),
  baseline: Type.Number(),
  target: Type.Number(),
  due_date: Type.String({ description: 'a day, YYYY-MM-DD (UTC)' }),
});
export type OutcomeView = Static<typeof Outcome>;
export const StakeholderRole = Type.Enum(['sponsor', 'champion', 'admin', 'user']);
export const Stakeholder = Obj({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Nullable(Type.String({ maxLength: 320 })),
  role: StakeholderRole,
});

export const HandoffInput = Type.Object(
  {
    goals: Type.Optional(Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 50 })),
    outcomes: Type.Optional(Type.Array(Outcome, { maxItems: 50 })),
    stakeholders: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            email: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
            role: StakeholderRole,
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
    bought: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    plan: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    risks: Type.Optional(Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const Handoff = Obj({
  accountId: Type.Integer(),
  accountExternalId: Type.String(),
  goals: Type.Array(Type.String()),
  outcomes: Type.Array(Outcome),
  stakeholders: Type.Array(Stakeholder),
  bought: Nullable(Type.String()),
  plan: Nullable(Type.String()),
  risks: Type.Array(Type.String()),
  updatedBy: Nullable(Type.String()),
  updatedAt: Nullable(Type.String({ description: 'ISO timestamp' })),
});
export type HandoffView = Static<typeof Handoff>;

export const MilestoneStatus = Type.Enum(['done_on_time', 'done_late', 'late', 'due']);
export const Milestone = Obj({
  key: Type.String(),
  title: Type.String(),
  dueDay: Type.Integer({ description: 'days after the account start' }),
  dueOn: DayText,
  signal: Nullable(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  completedOn: Nullable(DayText),
  completedBy: Nullable(Type.Enum(['hand', 'signal'])),
  status: MilestoneStatus,
});
export const SuccessPlan = Obj({
  accountId: Type.Integer(),
  accountExternalId: Type.String(),
  template: Type.String(),
  startOn: DayText,
  objectives: Type.Array(Outcome),
  milestones: Type.Array(Milestone),
  done: Type.Integer(),
  total: Type.Integer(),
});
export type SuccessPlanView = Static<typeof SuccessPlan>;
export const SuccessPlanOrNone = Obj({ plan: Nullable(SuccessPlan) });
export type SuccessPlanOrNoneView = Static<typeof SuccessPlanOrNone>;

export const CreatePlanInput = Type.Object(
  {
    template: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    startOn: Type.Optional(dayInput('the account start, YYYY-MM-DD')),
  },
  { additionalProperties: false },
);
export const MilestoneParams = Type.Object({
  id: Id,
  key: Type.String({ minLength: 1, maxLength: 60 }),
});
export const MilestoneInput = Type.Object({ done: Type.Boolean() }, { additionalProperties: false });

export const PortfolioQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(['late', 'due', 'done'])),
    day: Type.Optional(integerInput({ minimum: 1, maximum: 3650, description: 'milestones due this many days in' })),
    owner: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export const PortfolioRow = Obj({
  accountId: Type.Integer(),
  accountExternalId: Type.String(),
  name: Type.String(),
  owner: Nullable(Type.String()),
  milestone: Type.String(),
  title: Type.String(),
  dueDay: Type.Integer(),
  dueOn: DayText,
  status: MilestoneStatus,
  completedOn: Nullable(DayText),
  daysLate: Type.Integer(),
});
export type PortfolioRowView = Static<typeof PortfolioRow>;
export const Portfolio = Obj({ items: Type.Array(PortfolioRow) });
export type PortfolioView = Static<typeof Portfolio>;

export const TemplateMilestone = Obj({
  key: Type.String(),
  title: Type.String(),
  due_day: Type.Integer(),
  signal: Nullable(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});
export const Template = Obj({
  key: Type.String(),
  name: Type.String(),
  tier: Nullable(Type.String()),
  segment: Nullable(Type.String()),
  milestones: Type.Array(TemplateMilestone),
});
export const TemplateList = Obj({ items: Type.Array(Template) });
/** The JSON list of templates (checked field by field). */
export const TemplateDefinitions = Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 50 });
