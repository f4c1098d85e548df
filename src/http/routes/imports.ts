// Imports over HTTP: upload a CSV or a Stripe JSON export; the same service verbs as `tenure import` run on it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from '@fastify/multipart';
import { ImportParams, ImportSummary as ImportSummarySchema, type ImportKind } from '../../contract/imports.ts';
import type { ServiceContext } from '../../services/context.ts';
import { importAccounts, importContacts } from '../../services/import-accounts.ts';
import { importFx } from '../../services/import-fx.ts';
import { importInvoices } from '../../services/import-invoices.ts';
import { importStripe } from '../../services/import-stripe.ts';
import { importSubscriptions } from '../../services/import-subscriptions.ts';
import type { ImportSummary } from '../../services/imports.ts';
import { HttpProblem } from '../problem.ts';
import { problems } from '../schemas.ts';
import type { App, RouteDeps } from '../types.ts';

type Kind = ImportKind;

async function runImport(ctx: ServiceContext, kind: Kind, name: string, content: Buffer): Promise<ImportSummary> {
  if (kind === 'stripe') {
    // The Stripe reader takes a file: the upload goes to a private temporary directory for the import's duration.
    const dir = await mkdtemp(join(tmpdir(), 'tenure-upload-'));
    try {
      const file = join(dir, name.replace(/[^\w.-]/g, '_') || 'stripe.json');
      await writeFile(file, content);
      return await importStripe({ ctx, input: { file } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const input = { text: content.toString('utf8'), name };
  switch (kind) {
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
  }
}

export function importRoutes(app: App, { ctx, cache }: RouteDeps): void {
  app.post(
    '/api/v1/imports/:kind',
    {
      config: { access: 'write' },
      schema: {
        summary:
          'Import a file (multipart/form-data, field "file"): CSV for accounts, contacts, subscriptions, invoices, fx; JSON for stripe',
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
      const file = await request.file();
      if (!file) throw new HttpProblem(400, 'The upload holds no file: send it in a field named "file".');
      const content = await file.toBuffer();
      const summary = await runImport(ctx, request.params.kind, file.filename || `${request.params.kind}.csv`, content);
      cache.clear();
      return summary;
    },
  );
}
