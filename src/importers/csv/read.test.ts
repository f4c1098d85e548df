import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../core/errors.ts';
import { csvRows, mapColumns } from './columns.ts';
import { parseCsv, readCsv } from './read.ts';

const inputError =
  (...parts: string[]) =>
  (error: unknown) =>
    error instanceof InputError && parts.every((part) => error.message.includes(part));

describe('reading CSV', () => {
  it('strips a BOM, reads CRLF and keeps quoted commas, quotes and line breaks', () => {
    const text = '\uFEFFid,name\r\n1,"Acme, Inc."\r\n2,"Line\r\nbreak"\r\n3,"say ""hi"""\r\n';
    const table = parseCsv(text, 'a.csv');
    assert.deepEqual(table.header, ['id', 'name']);
    assert.deepEqual(
      table.records.map((r) => [r.line, ...r.values]),
      [
        [2, '1', 'Acme, Inc.'],
        [3, '2', 'Line\nbreak'],
        [5, '3', 'say "hi"'],
      ],
    );
  });

  it('numbers records by the physical line they start on, past blank lines and multi-line fields', () => {
    const text = 'a,b\n\n1,"x\ny\nz"\n,\n2,3\n\n\n';
    const table = parseCsv(text, 'a.csv');
    assert.deepEqual(
      table.records.map((r) => r.line),
      [3, 7],
    );
  });

  it('refuses an empty file, a blank file and malformed quoting', () => {
    assert.throws(() => parseCsv('', 'e.csv'), inputError('e.csv:', 'header line', 'an empty file'));
    assert.throws(() => parseCsv('\uFEFF \r\n\r\n', 'e.csv'), inputError('an empty file'));
    assert.throws(() => parseCsv('a,b\n1,"2\n', 'q.csv'), inputError('q.csv:', 'well-formed CSV', 'Quote Not Closed'));
    assert.throws(() => parseCsv('a,b\n1,2"x"\n', 'q.csv'), inputError('q.csv:2:', 'well-formed CSV'));
  });

  it('reads a header-only file as no records', () => {
    assert.deepEqual(parseCsv('a,b\n', 'h.csv').records, []);
  });

  it('names a file that does not exist, and refuses bytes that are not UTF-8', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tenure-read-'));
    try {
      const missing = path.join(dir, 'missing.csv');
      await assert.rejects(readCsv({ path: missing }), inputError(missing, 'a readable CSV file', 'no such file'));
      await assert.rejects(readCsv({ path: dir }), inputError('a directory'));
      const latin1 = path.join(dir, 'latin1.csv');
      await writeFile(latin1, Buffer.from('id,name\n1,Caf\xe9\n', 'latin1'));
      await assert.rejects(readCsv({ path: latin1 }), inputError('latin1.csv', 'UTF-8'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('mapping columns', () => {
  const specs = { id: { names: ['id', 'account_id'], required: true }, name: { names: ['name'] } } as const;

  it('matches header names in any case and spacing, and keeps unknown columns as extras', () => {
    const table = parseCsv(' Account ID ,NAME,Region,\n a ,Acme,EU,\n', 'a.csv');
    const columns = mapColumns(table, specs);
    const [row] = [...csvRows(table, columns)];
    assert.equal(row?.text('id'), 'a');
    assert.equal(row?.text('name'), 'Acme');
    assert.equal(row?.columnName('id'), 'Account ID');
    assert.deepEqual(row?.extras(), { Region: 'EU' });
  });

  it('names a missing required column and the columns found', () => {
    const table = parseCsv('name,region\nAcme,EU\n', 'a.csv');
    assert.throws(
      () => mapColumns(table, specs),
      inputError('a.csv:1:', 'field "id"', 'a column named id or account_id', 'columns name, region'),
    );
  });

  it('refuses two columns for one field, and a repeated unknown column', () => {
    assert.throws(
      () => mapColumns(parseCsv('id,Account_ID\n1,2\n', 'a.csv'), specs),
      inputError('columns id and Account_ID'),
    );
    assert.throws(
      () => mapColumns(parseCsv('id,x,X\n1,2,3\n', 'a.csv'), specs),
      inputError('field "X"', 'each column name once'),
    );
  });

  it('refuses a row with fewer fields than the header, or extra non-empty ones', () => {
    const rows = (text: string) => [...csvRows(parseCsv(text, 'a.csv'), mapColumns(parseCsv(text, 'a.csv'), specs))];
    assert.throws(() => rows('id,name\n1\n'), inputError('a.csv:2:', '2 fields like the header', '"1 field"'));
    assert.throws(() => rows('id,name\n1,a,b\n'), inputError('a.csv:2:', '"3 fields"'));
    assert.equal(rows('id,name\n1,a,,\n').length, 1);
  });
});
