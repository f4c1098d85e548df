// Imports over HTTP: upload a CSV or a Stripe JSON export; the same service verbs as `tenure import` run on it.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { ImportParams, ImportSummary as ImportSummarySchema, type ImportKind } from '../../contract/imports.ts';
import type { ServiceContext } from '../../services/context.ts';
import { importAccounts, importContacts } from '../../services/import-accounts.ts';
import { importFx } from '../../services/import-fx.ts';
import { importResponses } from '../../services/surveys/import-responses.ts';
import { importInvoices } from '../../services/import-invoices.ts';
import { importStripe } from '../../services/import-stripe.ts';
import { importSubscriptions } from '../../services/import-subscriptions.ts';
import type { ImportSummary } from '../../services/imports.ts';
import { importContracts } from '../../services/renewals/import-contracts.ts';
import { importChurnReasons } from '../../services/renewals/churn-reasons.ts';
import { importTickets } from '../../services/health/import-tickets.ts';
import { requestContext } from '../actor.ts';
import { HttpProblem } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

type Kind = ImportKind;

async function runImport(ctx: ServiceContext, kind: Kind, name: string, path: string): Promise<ImportSummary> {
  // Messages name the upload by its own name, never the temporary file it was saved to.
  const input = { path, name };
  switch (kind) {
    case 'stripe':
      return importStripe({ ctx, input: { file: path, name } });
    case 'accounts':
      return importAccounts({ ctx, input });
    case 'contacts':
      return importContacts({ ctx, input });
    case 'subscriptions':
      return importSubscriptions({ ctx, input });
    case 'invoices':
      return importInvoices({ ctx, input });
    case 'fx':
      return importFx({ ctx, input });
    case 'responses':
      return importResponses({ ctx, input });
    case 'contracts':
      return importContracts({ ctx, input });
    case 'churn-reasons':
      return importChurnReasons({ ctx, input });
    case 'tickets':
      return importTickets({ ctx, input });
  }
}

/**
 * Streams the request's file part to a private temporary file (an upload never sits in memory whole) and runs
 * `use` on it; the file is removed afterwards. A malformed multipart body is a 400 that says so.
 */
async function withUploadedFile<T>(
  request: FastifyRequest,
  use: (file: { path: string; name: string }) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'tenure-upload-'));
  try {
    let name: string;
    const path = join(dir, 'upload');
    try {
      const part = await request.file();
      if (!part) throw new HttpProblem(400, 'The upload holds no file: send it in a field named "file".');
      name = part.filename;
      await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
      if (part.file.truncated) throw new HttpProblem(413, 'The file is larger than uploads may be (512 MB).');
    } catch (error) {
      if (error instanceof HttpProblem) throw error;
      const status = (error as { statusCode?: number }).statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500) throw error;
      throw new HttpProblem(400, `Malformed multipart/form-data: ${(error as Error).message}`);
    }
    return await use({ path, name });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The name messages use: the upload's own file name (no directories, no control characters), else the kind's. */
function displayName(filename: string, kind: Kind): string {
  const name = basename(filename.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '');
  return name === '' ? `${kind}.${kind === 'stripe' ? 'json' : 'csv'}` : name;
}

export function importRoutes(app: App, { ctx, cache }: RouteDeps): void {
  app.post(
    '/api/v1/imports/:kind',
    {
      config: { access: 'write' },
      schema: {
        summary:
          'Import a file (multipart/form-data, field "file"): CSV for accounts, contacts, subscriptions, invoices, fx, responses (survey answers), contracts, tickets; JSON for stripe',
        description: 'All or nothing: a bad row is reported with its line and field (422) and nothing is written.',
        tags: ['imports'],
        consumes: ['multipart/form-data'],
        params: ImportParams,
        response: { 200: ImportSummarySchema, ...problems(413, 415, 422) },
      },
    },
    async (request) => {
      if (!request.isMultipart()) {
        throw new HttpProblem(415, 'Send the file as multipart/form-data in a field named "file".');
      }
      const { kind } = request.params;
      const summary = await withUploadedFile(request, ({ path, name }) =>
        runImport(requestContext(ctx, request), kind, displayName(name, kind), path),
      );
      cache.clear();
      return summary;
    },
  );
}
