// Product text of the scorecard, expansion and value report screens and commands speaks to customers: no internal
// job names (expansion.score), seeds, placeholders or raw ids shown as names.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';

const FILES = [
  'web/src/pages/account-value.tsx',
  'web/src/pages/ValueMetrics.tsx',
  'web/src/pages/Expansion.tsx',
  'web/src/pages/account-expansion.tsx',
  'web/src/pages/Scorecards.tsx',
  'web/src/pages/Team.tsx',
  'web/src/pages/scorecards-parts.tsx',
  'web/src/pages/scorecards-target.tsx',
  'src/core/value/html.ts',
  'src/core/value/view.ts',
  'src/cli/commands/value-reports.ts',
  'src/cli/commands/csm.ts',
];

const FORBIDDEN: [RegExp, string][] = [
  [/\b[a-z]+\.[a-z_]+ job\b/, 'an internal job name'],
  [/\bseed \d{3}\b/i, 'a seed number'],
  [/\blorem\b/i, 'placeholder text'],
  [/\bTODO\b|\bFIXME\b/, 'a to-do note'],
  [/\bacct_\w+/, 'a raw account id'],
];

/** The text people read: JSX text and string literals, not comments. */
function visibleText(source: string): string[] {
  const noComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const jsx = [...noComments.matchAll(/>([^<>{}]+)</g)].map((m) => m[1] ?? '');
  const strings = [...noComments.matchAll(/(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g)].map((m) => m[2] ?? '');
  return [...jsx, ...strings];
}

describe('product text of #16 screens and commands', () => {
  for (const file of FILES) {
    it(`${file} names nothing internal`, () => {
      for (const text of visibleText(fs.readFileSync(file, 'utf8')))
        for (const [pattern, what] of FORBIDDEN) assert.doesNotMatch(text, pattern, `${file}: ${what} in "${text}"`);
    });
  }
});
