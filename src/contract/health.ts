// Health answers for load balancers and monitors: liveness (the process answers) and readiness (the store answers).
import { Type, type Static } from 'typebox';
import { Obj } from './common.ts';

export const Liveness = Obj({
  status: Type.Literal('ok'),
  uptimeSeconds: Type.Integer({ description: 'seconds since the server started' }),
});
export type Liveness = Static<typeof Liveness>;

export const Readiness = Obj({
  status: Type.Literal('ok'),
  store: Type.String({ description: 'pglite (embedded) or postgres' }),
  schemaVersion: Type.Integer(),
  storeAnsweredMsAgo: Type.Integer({ description: "age of the store's last answer to a probe" }),
});
export type Readiness = Static<typeof Readiness>;
