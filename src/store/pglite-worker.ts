// Runs PGlite on its own thread so a long query never blocks the server's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { textParsers } from './parsers.ts';

export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[] }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'copyOut'; sql: string }
  | { id: number; op: 'close' };

export type WorkerResponse =
  | { id: number; ok: true; rows: Record<string, unknown>[]; affected: number; text?: string }
  | { id: number; ok: false; message: string; code?: string | undefined; detail?: string | undefined };

const { dataDir, image } = workerData as { dataDir: string | null; image?: Uint8Array<ArrayBuffer> };
const port = parentPort;
if (!port) throw new Error('pglite-worker must run as a worker thread');

const db = new PGlite({
  ...(dataDir ? { dataDir } : {}),
  ...(image ? { loadDataDir: new Blob([image]) } : {}),
  parsers: textParsers,
});

let startupError: Error | null = null;

async function handle(request: WorkerRequest): Promise<WorkerResponse> {
  try {
    if (startupError) throw startupError;
    if (request.op === 'query') {
      const result = await db.query<Record<string, unknown>>(request.sql, request.params);
      return { id: request.id, ok: true, rows: result.rows, affected: result.affectedRows ?? 0 };
    }
    if (request.op === 'copyOut') {
      const result = await db.query(request.sql.replace(/\bTO\s+STDOUT\s*$/i, "TO '/dev/blob'"));
      const text = result.blob ? await result.blob.text() : '';
      return { id: request.id, ok: true, rows: [], affected: 0, text };
    }
    if (request.op === 'exec') {
      await db.exec(request.sql);
      return { id: request.id, ok: true, rows: [], affected: 0 };
    }
    await db.close();
    return { id: request.id, ok: true, rows: [], affected: 0 };
  } catch (error) {
    const e = error as { message?: string; code?: string; detail?: string };
    return { id: request.id, ok: false, message: e.message ?? String(error), code: e.code, detail: e.detail };
  }
}

// Requests are answered strictly in order: the main thread serializes transactions itself.
let chain: Promise<void> = db.waitReady.catch((error: unknown) => {
  startupError = error instanceof Error ? error : new Error(String(error));
});
port.on('message', (request: WorkerRequest) => {
  chain = chain.then(async () => {
    port.postMessage(await handle(request));
  });
});
