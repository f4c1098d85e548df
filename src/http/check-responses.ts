// For tests: every payload must match the schema its route declares for the status, exactly. The production
// serializer drops undeclared fields silently; this makes a field a service returns but the contract lacks fail.
import { Compile } from 'typebox/compile';
import type { TSchema } from 'typebox';
import { HttpProblem } from './problem.ts';
import type { App } from './types.ts';

type Declared = TSchema | { content?: Record<string, { schema: TSchema }> } | undefined;

function schemaFor(declared: Declared, contentType: string): TSchema | undefined {
  if (declared === undefined) return undefined;
  if ('content' in declared && declared.content) return declared.content[contentType.split(';')[0] ?? '']?.schema;
  return declared;
}

export function checkResponsesAgainstSchemas(app: App): void {
  const compiled = new WeakMap<object, ReturnType<typeof Compile>>();
  app.addHook('preSerialization', async (request, reply, payload) => {
    const responses = request.routeOptions.schema?.response as Record<string, Declared> | undefined;
    if (!responses || reply.statusCode >= 500) return payload;
    const declared = responses[String(reply.statusCode)];
    const schema = schemaFor(declared, String(reply.getHeader('content-type') ?? 'application/json'));
    if (!schema) {
      throw new HttpProblem(500, `${request.method} ${request.routeOptions.url} declares no ${reply.statusCode}`);
    }
    let check = compiled.get(schema);
    if (!check) compiled.set(schema, (check = Compile(schema)));
    // The store's Date values reach clients as ISO strings; compare what will be sent.
    const sent: unknown = JSON.parse(JSON.stringify(payload));
    if (check.Check(sent)) return payload;
    const [first] = check.Errors(sent);
    const where = first ? `${first.instancePath || '/'} ${first.message}` : '';
    throw new HttpProblem(500, `the ${reply.statusCode} answer does not match its schema: ${where}`);
  });
}
