// The audit log's HTTP contract: who made which write, when, to what.
import { Type, type Static } from 'typebox';
import { integerInput, jsonObject, MAX_OFFSET, Nullable, Obj } from './common.ts';

export const ActorKindSchema = Type.Union([
  Type.Literal('user'),
  Type.Literal('api_key'),
  Type.Literal('job'),
  Type.Literal('webhook'),
  Type.Literal('cli'),
  Type.Literal('system'),
]);

export const AuditEntrySchema = Obj({
  id: Type.Integer(),
  at: Type.String({ description: 'when, ISO 8601 UTC' }),
  actor: Obj({
    kind: ActorKindSchema,
    id: Nullable(Type.String()),
    label: Type.String(),
  }),
  verb: Type.String({ description: "what was done, e.g. 'user.add', 'apikey.revoke', 'import.csv:accounts'" }),
  target: Type.Union([Type.String(), Type.Null()], { description: "what it was done to, e.g. 'user:3'" }),
  details: jsonObject('a small JSON object; never secrets'),
});
export type AuditEntry = Static<typeof AuditEntrySchema>;

export const AuditQuerySchema = Type.Object({
  actor: Type.Optional(
    Type.String({ maxLength: 200, description: "an actor kind ('cli'), or kind:id ('user:3', 'api_key:2')" }),
  ),
  verb: Type.Optional(
    Type.String({ maxLength: 100, description: "a verb ('user.add') or a verb family ending in '.' ('user.')" }),
  ),
  limit: Type.Optional(integerInput({ minimum: 1, maximum: 500, default: 50, description: 'entries per page' })),
  offset: Type.Optional(integerInput({ minimum: 0, maximum: MAX_OFFSET, default: 0, description: 'entries to skip' })),
});
export type AuditQuery = Static<typeof AuditQuerySchema>;

export const AuditPageSchema = Obj({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  entries: Type.Array(AuditEntrySchema),
});
export type AuditPage = Static<typeof AuditPageSchema>;
