// The layer boundaries in eslint.config.js fire: a forbidden import in each folder is an error, an allowed one is not.
// Runs ESLint's own API on small snippets with the repository's config, only the import rule, without type info.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({
  cwd: path.resolve(import.meta.dirname, '..'),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});

/** The messages no-restricted-imports reports for `code` as if it were the file at `filePath`. */
async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  assert.ok(result, `no lint result for ${filePath}`);
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], `${filePath} did not parse`);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: { file: string; forbidden: string[]; allowed: string[] }[] = [
  {
    file: 'src/core/revenue/example.ts',
    forbidden: [
      `import { migrate } from '../../store/migrate.ts';`,
      `import { importSubscriptions } from '../../services/import-subscriptions.ts';`,
      `import type { Problem } from '../../http/problem.ts';`,
      `import { readCsv } from '../../importers/csv/read.ts';`,
      `import { loadConfig } from '../../config.ts';`,
      `import fs from 'node:fs';`,
      `import pg from 'pg';`,
    ],
    allowed: [`import { monthIndex } from '../period.ts';`, `import { buildLedger } from './ledger.ts';`],
  },
  {
    file: 'src/http/routes/example.ts',
    forbidden: [
      `import { loadLedgerCustomers } from '../../store/revenue.ts';`,
      `import type { Store } from '../../store/types.ts';`,
      `import pg from 'pg';`,
    ],
    allowed: [`import { currentLedger } from '../../services/revenue.ts';`, `import { problem } from '../problem.ts';`],
  },
  {
    file: 'src/cli/commands/example.ts',
    forbidden: [`import { migrate } from '../../store/migrate.ts';`, `import { PGlite } from '@electric-sql/pglite';`],
    allowed: [
      `import { migrateSchema } from '../../services/database/migrate.ts';`,
      `import { x } from '../format.ts';`,
    ],
  },
  {
    file: 'src/importers/csv/example.ts',
    forbidden: [
      `import { InputError } from '../../services/errors.ts';`,
      `import type { ServiceContext } from '../../services/context.ts';`,
      `import { buildApp } from '../../http/app.ts';`,
      `import { withContext } from '../../cli/context.ts';`,
    ],
    allowed: [`import { InputError } from '../../core/errors.ts';`, `import { upsert } from '../../store/upsert.ts';`],
  },
  {
    file: 'src/store/example.ts',
    forbidden: [
      `import type { ServiceContext } from '../services/context.ts';`,
      `import { readCsv } from '../importers/csv/read.ts';`,
      `import { buildApp } from '../http/app.ts';`,
      `import { main } from '../cli/main.ts';`,
    ],
    allowed: [`import type { Store } from './types.ts';`, `import { monthIndex } from '../core/period.ts';`],
  },
  {
    file: 'src/services/revenue/example.ts',
    forbidden: [`import { problem } from '../../http/problem.ts';`, `import { table } from '../../cli/format.ts';`],
    allowed: [
      `import { loadLedgerCustomers } from '../../store/revenue.ts';`,
      `import { readCsv } from '../../importers/csv/read.ts';`,
    ],
  },
  {
    file: 'src/ingest/example.ts',
    forbidden: [`import type { Store } from '../store/types.ts';`, `import { ingest } from '../services/ingest.ts';`],
    allowed: [`import { parseMessage } from './message.ts';`, `import { catalog } from '../core/adoption/catalog.ts';`],
  },
  {
    file: 'src/contract/example.ts',
    forbidden: [
      `import type { Ledger } from '../services/revenue.ts';`,
      `import type { Row } from '../store/types.ts';`,
    ],
    allowed: [`import { Type } from 'typebox';`, `import type { MovementKind } from '../core/revenue/types.ts';`],
  },
  {
    file: 'web/src/pages/Example.tsx',
    forbidden: [
      `import { RevenueReport } from '../../../src/contract/revenue.ts';`,
      `import type { Store } from '../../../src/store/types.ts';`,
      `import { monthIndex } from '../../../src/core/period.ts';`,
    ],
    allowed: [
      `import type { RevenueReport } from '../../../src/contract/revenue.ts';`,
      `import { type RevenueReport } from '../../../src/contract/revenue.ts';`,
      `import { formatMoney } from '../lib/format.ts';`,
    ],
  },
];

describe('layer boundaries (eslint.config.js)', () => {
  for (const { file, forbidden, allowed } of cases) {
    it(`${path.dirname(file)}: refuses what it may not import, accepts the rest`, async () => {
      for (const line of forbidden) {
        const messages = await restricted(file, line);
        assert.ok(messages.length > 0, `${file}: expected "${line}" to be refused`);
      }
      for (const line of allowed) {
        assert.deepEqual(await restricted(file, line), [], `${file}: expected "${line}" to be allowed`);
      }
    });
  }
});
