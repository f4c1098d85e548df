// Errors as RFC 9457 problem details (application/problem+json), each with a detail a person can act on.
import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { FORMAT_EXPECTED } from '../contract/common.ts';
import { InputError, UsageError } from '../services/errors.ts';
import { NotFoundError } from '../services/playbooks/tasks.ts';
import { StoreError } from '../store/types.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: { field?: string; message: string; line?: number }[];
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable input',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Unavailable',
};

/** An error a route throws to answer with a given status and detail. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly errors: Problem['errors'];
  constructor(status: number, detail: string, headers: Record<string, string> = {}, errors?: Problem['errors']) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = status;
    this.headers = headers;
    this.errors = errors;
  }
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  detail: string,
  extra: Partial<Problem> = {},
): FastifyReply {
  const problem: Problem = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance: request.url,
    ...extra,
  };
  return reply.code(status).type('application/problem+json').send(problem);
}

export function problemFromError(error: FastifyError | Error): {
  status: number;
  detail: string;
  extra: Partial<Problem>;
} {
  if (error instanceof HttpProblem) {
    return { status: error.status, detail: error.message, extra: error.errors ? { errors: error.errors } : {} };
  }
  if (error instanceof InputError) {
    const where = { ...(error.field !== undefined ? { field: error.field } : {}) };
    const line = error.location.line !== undefined ? { line: error.location.line } : {};
    return { status: 422, detail: error.message, extra: { errors: [{ ...where, ...line, message: error.message }] } };
  }
  if (error instanceof UsageError) return { status: 400, detail: error.message, extra: {} };
  // A value the checks let through and the store refuses (out of range, not storable): the input, not the server.
  if (error instanceof StoreError && /^22/.test(error.code ?? '')) {
    return { status: 422, detail: `The store refused a value of this input: ${error.message}.`, extra: {} };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const context = fastifyError.validationContext ?? 'request';
    const errors = fastifyError.validation.map((v) => validationProblem(context, v));
    return {
      status: 400,
      detail: errors.map((e) => `${e.field} ${e.message}`).join('; '),
      extra: { errors },
    };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) return { status, detail: error.message, extra: {} };
  return { status: 500, detail: 'The server failed to answer this request; the error is in its log.', extra: {} };
}

const shown = (value: unknown) => {
  const text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** One failed check as field and message: 'querystring.asOf', 'must be a calendar day ..., found "2024-02-30"'. */
function validationProblem(context: string, v: FastifySchemaValidationError): { field: string; message: string } {
  // With Ajv's verbose option the error carries the value found; a body's is not echoed (it may be a password).
  const { data } = context === 'body' ? { data: undefined } : (v as FastifySchemaValidationError & { data?: unknown });
  const missing = v.keyword === 'required' ? `.${String(v.params.missingProperty)}` : '';
  const field = `${context}${v.instancePath.replace(/\//g, '.')}${missing}`;
  const format = v.keyword === 'format' ? FORMAT_EXPECTED[String(v.params.format)] : undefined;
  const expected = Array.isArray(v.params.allowedValues)
    ? `must be one of ${v.params.allowedValues.map(String).join(', ')}`
    : format !== undefined
      ? `must be ${format}`
      : v.keyword === 'finite'
        ? 'must be a finite number'
        : (v.message ?? 'is invalid');
  return { field, message: missing || data === undefined ? expected : `${expected}, found ${shown(data)}` };
}

/** The longest path segment the router takes (a survey link's token is up to 2000 characters). */
export const MAX_PATH_SEGMENT = 2048;

/** Fastify's own refusals before any route runs: a path that is not valid percent-encoding, a segment too long. */
export function frameworkProblem(error: FastifyError): { status: number; detail: string } {
  const path = shown(error.message.replace(/^'(.*)' is .*$/s, '$1'));
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return { status: 414, detail: `A segment of the path ${path} is longer than ${MAX_PATH_SEGMENT} characters.` };
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return { status: 400, detail: `The path ${path} is not valid percent-encoding (a % must start %XX, hex digits).` };
  }
  return { status: error.statusCode ?? 400, detail: error.message };
}

/** A service's NotFoundError as a 404 ("There is no account 12."), not a 400; any other error passes through. */
export async function found<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof NotFoundError) throw new HttpProblem(404, `There is ${error.message}.`);
    throw error;
  }
}
