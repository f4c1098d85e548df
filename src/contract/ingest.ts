// Segment-compatible ingestion: what a batch or a single call answers.
import { Type, type Static } from 'typebox';
import { Nullable, Obj } from './common.ts';

export const IngestResponse = Obj({
  success: Type.Literal(true),
  accepted: Type.Integer({ description: 'messages stored now' }),
  duplicates: Type.Integer({ description: 'messages stored before (a retry) or repeated in the request' }),
  rejected: Type.Array(
    Obj({
      index: Type.Integer({ description: "the message's position in the batch" }),
      messageId: Nullable(Type.String()),
      reason: Type.String(),
    }),
  ),
});
export type IngestResponse = Static<typeof IngestResponse>;
