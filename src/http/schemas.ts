// How routes declare their answers: the 200 shape comes from src/contract, every error is problem+json.
// `declareProblems` (an onRoute hook) adds the errors every route can answer by its nature: 400 when it takes
// input, 415 when it may be sent a body, 401 and 403 when it is not public. A route lists the others it answers
// itself (404, 409, 429, 503…).
import type { FastifyServerOptions, RouteOptions } from 'fastify';
import { Type } from 'typebox';
import { Month, Problem } from '../contract/common.ts';

export { Problem };
// Moved to src/contract; re-exported for routes written against the earlier module. There is no `Open` any more:
// an answer's objects are closed (`Obj` in src/contract/common.ts).
export { Nullable, PageQuery } from '../contract/common.ts';
export { FilterQuery } from '../contract/segments.ts';
export { MovementKindSchema as MovementKind, Period } from '../contract/revenue.ts';
export const OptionalMonth = Type.Optional(Month);

const DESCRIPTIONS: Record<number, string> = {
  400: 'A value of the request is not what it should be (errors[].field names it)',
  401: 'Not signed in, or the API key is unknown or revoked',
  403: 'The caller may not do this (role, key scope or CSRF token)',
  404: 'There is no such resource',
  409: 'Conflicts with the current state',
  413: 'The payload is too large',
  415: 'Unsupported media type',
  422: 'The uploaded file holds a bad value (errors[] name line and field)',
  429: 'Too many requests: retry after the Retry-After header',
  503: 'The store is not answering',
};

/** A problem+json answer with a status's description. */
export const problem = (status: number) => ({
  description: DESCRIPTIONS[status] ?? 'Error',
  content: { 'application/problem+json': { schema: Problem } },
});

/** Problem answers for these statuses, to spread into a route's `response`. */
export function problems<S extends number>(...statuses: S[]): Record<S, ReturnType<typeof problem>> {
  return Object.fromEntries(statuses.map((s) => [s, problem(s)])) as Record<S, ReturnType<typeof problem>>;
}

type AjvPlugin = Exclude<NonNullable<NonNullable<FastifyServerOptions['ajv']>['plugins']>[number], unknown[]>;

/** Ajv plugin: the `finite` keyword of number inputs (see FINITE in src/contract/common.ts). */
export const finiteKeyword: AjvPlugin = (ajv) =>
  ajv.addKeyword({
    keyword: 'finite',
    schemaType: 'boolean',
    // Not `type: 'number'`: Ajv guards keywords of number type with isFinite, so they never see Infinity.
    validate: (finite: boolean, data: unknown) => !finite || typeof data !== 'number' || Number.isFinite(data),
  });

/** The answer of a route that answers with no body. */
export const NoContent = Type.Null({ description: 'No content' });

/** Adds 400 (input), 415 (a body), 401 and 403 (not public) to a route's declared responses, unless declared. */
export function declareProblems(route: RouteOptions): void {
  const schema = route.schema;
  if (!schema?.response || typeof schema.response !== 'object') return;
  const response = schema.response as Record<string, unknown>;
  // Any method but GET and HEAD may be sent a body: one that is not JSON is a 400, another media type a 415.
  const takesBody = [route.method].flat().some((m) => m !== 'GET' && m !== 'HEAD');
  const takesInput =
    takesBody || schema.querystring !== undefined || schema.params !== undefined || schema.body !== undefined;
  const access = (route.config as { access?: string } | undefined)?.access;
  const statuses = [
    ...(takesInput ? [400] : []),
    ...(takesBody ? [415] : []),
    ...(access !== 'public' ? [401, 403] : []),
  ];
  for (const status of statuses) response[status] ??= problem(status);
}
