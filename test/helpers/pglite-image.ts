// A migrated PGlite data dir, dumped once and reused: a test's fresh in-memory store starts from this image in a
// fraction of the time initdb and the migrations take. The image is cached in the OS temp dir, keyed by the PGlite
// version and the migrations' text, so test files after the first skip building it too.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { listMigrations, migrate } from '../../src/store/migrate.ts';
import type { Queryable, Row, Store } from '../../src/store/types.ts';

let image: Promise<Uint8Array<ArrayBuffer>> | undefined;

/** The data dir tarball of an empty, fully migrated database. */
export function migratedImage(): Promise<Uint8Array<ArrayBuffer>> {
  image ??= loadOrBuild();
  return image;
}

export function imageFile(): string {
  const dist = path.dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  const { version } = JSON.parse(fs.readFileSync(path.join(dist, '..', 'package.json'), 'utf8')) as { version: string };
  const hash = createHash('sha256').update(`pglite ${version}\n`);
  for (const m of listMigrations()) hash.update(`${m.version} ${m.name}\n${m.sql}\n`);
  return path.join(os.tmpdir(), `tenure-pglite-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

/** The cached image, or null when there is none or it cannot be read whole (it is then built again). */
function readImage(file: string): Uint8Array<ArrayBuffer> | null {
  try {
    return new Uint8Array(gunzipSync(fs.readFileSync(file)));
  } catch {
    return null;
  }
}

async function loadOrBuild(): Promise<Uint8Array<ArrayBuffer>> {
  const file = imageFile();
  const cached = readImage(file);
  if (cached) return cached;
  const built = await buildImage();
  // Written aside and renamed, so a test file running beside this one never reads half an image.
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, gzipSync(built, { level: 1 }));
  fs.renameSync(partial, file);
  return built;
}

/**
 * Creates `dir` as a migrated PGlite data dir, as the CLI's first command would leave it (initdb, then the
 * migrations). Synchronous, for the CLI helper; builds the image in a child process when none is cached.
 */
export function seedDataDir(dir: string): void {
  const file = imageFile();
  let image = readImage(file);
  if (!image) {
    const script = `await (await import(${JSON.stringify(import.meta.url)})).migratedImage();`;
    const built = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    image = readImage(file);
    if (built.status !== 0 || !image) throw new Error(`could not build the PGlite image: ${built.stderr}`);
  }
  extractTar(image, dir);
}

/** Unpacks the plain files and folders of a tarball (all that dumpDataDir writes) into `dir`, which must not exist. */
function extractTar(tar: Uint8Array, dir: string): void {
  const field = (header: Uint8Array, start: number, length: number) =>
    Buffer.from(header.subarray(start, start + length))
      .toString('utf8')
      .replace(/\0.*$/s, '')
      .trim();
  fs.mkdirSync(dir);
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    const name = field(header, 0, 100);
    if (!name) break;
    const prefix = field(header, 257, 6) === 'ustar' ? field(header, 345, 155) : '';
    const size = parseInt(field(header, 124, 12) || '0', 8);
    const type = field(header, 156, 1) || '0';
    const target = path.join(dir, prefix, name);
    at += 512;
    if (type === '5') {
      fs.mkdirSync(target, { recursive: true });
    } else if (type === '0') {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, tar.subarray(at, at + size));
    } else {
      throw new Error(`PGlite image: unexpected tar entry type ${JSON.stringify(type)} for ${name}`);
    }
    at += Math.ceil(size / 512) * 512;
  }
}

/** Runs the real migrations on an in-process PGlite and dumps its data dir. */
async function buildImage(): Promise<Uint8Array<ArrayBuffer>> {
  const db = new PGlite();
  try {
    await migrate(storeOver(db));
    return new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
  } finally {
    await db.close();
  }
}

function queryableOver(db: PGlite | Transaction): Queryable {
  return {
    query: async <T extends Row>(sql: string, params: readonly unknown[] = []) =>
      (await db.query<T>(sql, [...params])).rows,
    execute: async (sql, params = []) => (await db.query(sql, [...params])).affectedRows ?? 0,
  };
}

function storeOver(db: PGlite): Store {
  return {
    kind: 'pglite',
    location: 'memory',
    ...queryableOver(db),
    exec: async (sql) => {
      await db.exec(sql);
    },
    transaction: (fn) => db.transaction((tx) => fn(queryableOver(tx))),
    close: () => db.close(),
  };
}
