// PostgreSQL text cannot hold the NUL character: a "\u0000" in a name or filter reached the store and came back
// as a 422 naming no field. It is refused here, before any route runs, with the field it was found in.
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { HttpProblem } from './problem.ts';

/** The first place in `value` (iteratively: a body may nest deeply) where a string holds U+0000, as a field path. */
export function nulField(value: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [current, path] = stack.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path;
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push([item, `${path}.${i}`]));
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, item] of Object.entries(current)) {
        if (key.includes('\u0000')) return path;
        stack.push([item, `${path}.${key}`]);
      }
    }
  }
  return null;
}

/**
 * A preValidation hook: 400 naming the field when a path, query or body value holds U+0000. Segment messages
 * (ingest routes) are left to the pipeline, which refuses such a message alone and keeps the rest of its batch.
 */
export function refuseNulCharacters(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
  const { config, schema } = request.routeOptions;
  const places: [unknown, 'params' | 'querystring' | 'body'][] = [
    [request.params, 'params'],
    [request.query, 'querystring'],
    [request.body, 'body'],
  ];
  for (const [value, root] of places) {
    // Only what the route reads (declares a schema for) is its input; ingest bodies are the pipeline's to judge.
    if (schema?.[root] === undefined || (root === 'body' && config.access === 'ingest')) continue;
    const field = nulField(value, root);
    if (field !== null) {
      const message = 'must not contain the NUL character (U+0000)';
      done(new HttpProblem(400, `${field} ${message}.`, {}, [{ field, message }]));
      return;
    }
  }
  done();
}
