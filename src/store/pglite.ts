import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './pglite-worker.ts';
import { StoreError, type Queryable, type Row, type Store } from './types.ts';

type Reply = { rows: Row[]; affected: number; text?: string | undefined };
type Pending = { resolve: (r: Reply) => void; reject: (e: Error) => void };
type Request =
  | { op: 'query'; sql: string; params: unknown[] }
  | { op: 'exec'; sql: string }
  | { op: 'copyOut'; sql: string }
  | { op: 'close' };

/** A FIFO mutex: PGlite has one session, so a transaction must own it from BEGIN to COMMIT. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/**
 * Embedded PostgreSQL (PGlite) running on a worker thread; `dataDir` null keeps it in memory.
 * `image` (a data dir tarball from PGlite's dumpDataDir) starts a new database from it instead of initdb.
 */
export function openPglite(
  dataDir: string | null,
  onClose?: () => void,
  { image }: { image?: Uint8Array<ArrayBuffer> } = {},
): Store {
  const worker = new Worker(new URL('./pglite-worker.ts', import.meta.url), { workerData: { dataDir, image } });
  const pending = new Map<number, Pending>();
  const mutex = new Mutex();
  let nextId = 1;
  let closed = false;

  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (response: WorkerResponse) => {
    const p = pending.get(response.id);
    if (!p) return;
    pending.delete(response.id);
    if (response.ok) p.resolve({ rows: response.rows, affected: response.affected, text: response.text });
    else p.reject(new StoreError(response.message, { code: response.code, detail: response.detail }));
  });
  worker.on('error', (error: Error) => {
    failAll(error);
  });
  worker.on('exit', (code) => {
    failAll(new StoreError(`embedded database worker exited (code ${code})`));
  });

  const send = (request: Request) => {
    if (closed && request.op !== 'close') return Promise.reject(new StoreError('store is closed'));
    return new Promise<Reply>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } satisfies WorkerRequest);
    });
  };
  const direct: Queryable = {
    query: async <T extends Row>(sql: string, params: readonly unknown[] = []) =>
      (await send({ op: 'query', sql, params: [...params] })).rows as T[],
    execute: async (sql, params = []) => (await send({ op: 'query', sql, params: [...params] })).affected,
    copyOut: (sql) => copyOut(sql),
  };
  const copyOut = async (sql: string) => (await send({ op: 'copyOut', sql })).text ?? '';

  return {
    kind: 'pglite',
    location: dataDir ?? 'memory',
    query: (sql, params) => mutex.run(() => direct.query(sql, params)),
    execute: (sql, params) => mutex.run(() => direct.execute(sql, params)),
    copyOut: (sql) => mutex.run(() => copyOut(sql)),
    exec: (sql) =>
      mutex.run(async () => {
        await send({ op: 'exec', sql });
      }),
    transaction: (fn) =>
      mutex.run(async () => {
        await direct.execute('BEGIN');
        try {
          const result = await fn(direct);
          await direct.execute('COMMIT');
          return result;
        } catch (error) {
          await direct.execute('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    close: async () => {
      if (closed) return;
      await mutex.run(() => send({ op: 'close' }));
      closed = true;
      await worker.terminate();
      onClose?.();
    },
  };
}
