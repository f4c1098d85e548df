// The CLI beside a running server: on the embedded store only one process may open the data dir, so while
// `tenure serve` holds it, a CLI command is forwarded whole (its argv and the secrets it prompted for) over a Unix
// socket beside the data dir (`<datadir>.sock`, mode 0600: only the same OS user can connect). The server runs the
// same command handler against its own store and streams stdout, stderr and the exit code back.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Actor, ServiceContext } from '../services/context.ts';

/** How the current command runs: here (recording what it prompts for) or inside the server for a CLI client. */
export type CliRun =
  | { mode: 'local'; answers: string[] }
  | {
      mode: 'remote';
      ctx: ServiceContext;
      answers: string[];
      out: (text: string) => void;
      err: (text: string) => void;
    };

export const cliRuns = new AsyncLocalStorage<CliRun>();

/** Thrown by `withContext` when the data dir is held by a server that listens on its socket. */
export class ForwardToServer extends Error {
  readonly socketPath: string;
  constructor(socketPath: string) {
    super(`forward to the server at ${socketPath}`);
    this.name = 'ForwardToServer';
    this.socketPath = socketPath;
  }
}

export const socketPathOf = (dataDir: string) => `${path.resolve(dataDir)}.sock`;

/** Commands that must run in their own process: they would start a second server inside the first. */
const LOCAL_ONLY = new Set(['serve', 'start']);

export function cliActor(): Actor {
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry (some containers)
  }
  return { kind: 'cli', id: null, label: `${user}@${os.hostname()}` };
}

type Request = { argv: string[]; answers: string[] };
type Message = { out: string } | { err: string } | { exit: number };

/** File arguments are read by the server: relative paths are made absolute against the client's directory. */
export function absolutePaths(argv: readonly string[], cwd: string): string[] {
  const fix = (value: string) => {
    if (value === '' || path.isAbsolute(value)) return value;
    const full = path.resolve(cwd, value);
    return fs.existsSync(full) ? full : value;
  };
  return argv.map((arg) => {
    if (!arg.startsWith('-')) return fix(arg);
    const eq = arg.indexOf('=');
    return arg.startsWith('--') && eq > 0 ? `${arg.slice(0, eq + 1)}${fix(arg.slice(eq + 1))}` : arg;
  });
}

/** Client side: sends the command to the server and relays its output; resolves with its exit code. */
export function forwardToServer(socketPath: string, argv: readonly string[], answers: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let exit: number | null = null;
    socket.once('connect', () => {
      const request: Request = { argv: absolutePaths(argv, process.cwd()), answers };
      socket.write(`${JSON.stringify(request)}\n`);
    });
    socket.once('error', reject);
    const lines = createInterface({ input: socket });
    lines.on('line', (line) => {
      const message = JSON.parse(line) as Message;
      if ('out' in message) process.stdout.write(message.out);
      else if ('err' in message) process.stderr.write(message.err);
      else exit = message.exit;
    });
    socket.once('close', () => {
      if (exit !== null) resolve(exit);
      else {
        process.stderr.write('tenure: the running server closed the connection before the command finished\n');
        resolve(1);
      }
    });
  });
}

/** Whether a server answers on the socket (a file left by a crash does not). */
export function serverListening(socketPath: string): Promise<boolean> {
  if (!fs.existsSync(socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

let captureInstalled = false;

/** Routes writes to process.stdout/stderr made inside a remote run to that run's client; others pass through. */
function installOutputCapture(): void {
  if (captureInstalled) return;
  captureInstalled = true;
  for (const [stream, pick] of [
    [process.stdout, (run: CliRun & { mode: 'remote' }) => run.out],
    [process.stderr, (run: CliRun & { mode: 'remote' }) => run.err],
  ] as const) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = (chunk: unknown, ...rest: unknown[]) => {
      const run = cliRuns.getStore();
      if (run?.mode !== 'remote') return original(chunk, ...rest);
      pick(run)(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    };
  }
}

export interface CliSocketOptions {
  socketPath: string;
  ctx: ServiceContext;
  /** Runs a command line, as `tenure` would, and returns its exit code. */
  run: (argv: string[]) => Promise<number>;
  /** Called after a forwarded command that wrote something (see `wrote`). */
  afterCommand: () => Promise<void>;
  /** Names the command words of an argv, to refuse commands that must run on their own. */
  commandOf: (argv: readonly string[]) => string;
}

/** Server side: listens on the socket with mode 0600 and runs each forwarded command. Returns the closer. */
export async function listenCliSocket(options: CliSocketOptions): Promise<() => Promise<void>> {
  const { socketPath, ctx, run } = options;
  installOutputCapture();
  fs.rmSync(socketPath, { force: true }); // the caller holds the data dir's lock: a socket file left here is stale
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    const lines = createInterface({ input: socket });
    lines.once('line', (line) => {
      lines.close();
      void handle(socket, line);
    });
  });
  const send = (socket: net.Socket, message: Message) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
  };
  const handle = async (socket: net.Socket, line: string) => {
    let code = 1;
    try {
      const request = JSON.parse(line) as Request;
      const words = options.commandOf(['node', 'tenure', ...request.argv]).split(' ');
      const out = (text: string) => {
        send(socket, { out: text });
      };
      const err = (text: string) => {
        send(socket, { err: text });
      };
      if (LOCAL_ONLY.has(words[1] ?? '')) {
        err(`tenure: the data dir is in use by this running server (process ${process.pid}); stop it first.\n`);
        code = 1;
      } else {
        const remote: CliRun = {
          mode: 'remote',
          ctx: { ...ctx, actor: cliActor() },
          answers: request.answers,
          out,
          err,
        };
        code = await cliRuns.run(remote, () => run(request.argv));
        await options.afterCommand();
      }
    } catch (error) {
      send(socket, { err: `tenure: ${error instanceof Error ? error.message : String(error)}\n` });
    }
    send(socket, { exit: code });
    socket.end();
  };
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        resolve();
      });
    });
  } finally {
    process.umask(umask);
  }
  fs.chmodSync(socketPath, 0o600);
  const cleanup = () => {
    fs.rmSync(socketPath, { force: true });
  };
  process.on('exit', cleanup);
  return async () => {
    process.off('exit', cleanup);
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    cleanup();
  };
}
