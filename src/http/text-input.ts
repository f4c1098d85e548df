// PostgreSQL text cannot hold the NUL character or a lone surrogate: a "\u0000" or "\udc00" in a name or filter
// reached the store and came back as a 422 naming no field. A body nested thousands deep overflowed the stack of
// a route re-serializing it (a 500). All are refused here, before any route runs, naming the field.
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { HttpProblem } from './problem.ts';

/** Half of a UTF-16 pair without its other half ("\udc00" in JSON): no text the store can hold. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** How deep a request body may nest; no body of the API nests past 10 (routes re-serialize bodies recursively). */
export const MAX_BODY_DEPTH = 64;

/**
 * The first problem in `value`, walked iteratively (a body may nest deeply): a string holding U+0000, or nesting
 * past MAX_BODY_DEPTH, or a lone surrogate, as its field path and what was expected.
 */
export function textProblem(value: unknown, root: string): { field: string; message: string } | null {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length > 0) {
    const [current, path, depth] = stack.pop() as [unknown, string, number];
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return { field: path, message: 'must not contain the NUL character (U+0000)' };
      if (LONE_SURROGATE.test(current))
        return { field: path, message: 'must be Unicode text (found a lone surrogate)' };
    } else if (typeof current === 'object' && current !== null) {
      if (depth >= MAX_BODY_DEPTH) {
        const field = path.split('.').slice(0, 3).join('.');
        return { field, message: `must not nest objects and lists more than ${MAX_BODY_DEPTH} levels deep` };
      }
      for (const [key, item] of Object.entries(current)) {
        if (key.includes('\u0000')) return { field: path, message: 'must not have a key with the NUL character' };
        stack.push([item, `${path}.${key}`, depth + 1]);
      }
    }
  }
  return null;
}

/**
 * A preValidation hook: 400 naming the field when a path, query or body value is text the store cannot hold or
 * nests too deep. Segment messages (ingest routes) are left to the pipeline, which refuses such a message alone
 * and keeps the rest of its batch.
 */
export function refuseUnstorableInput(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
  const { config, schema } = request.routeOptions;
  const places: [unknown, 'params' | 'querystring' | 'body'][] = [
    [request.params, 'params'],
    [request.query, 'querystring'],
    [request.body, 'body'],
  ];
  for (const [value, root] of places) {
    // Only what the route reads (declares a schema for) is its input; ingest bodies are the pipeline's to judge.
    if (schema?.[root] === undefined || (root === 'body' && config.access === 'ingest')) continue;
    const problem = textProblem(value, root);
    if (problem !== null) {
      done(new HttpProblem(400, `${problem.field} ${problem.message}.`, {}, [problem]));
      return;
    }
  }
  done();
}
