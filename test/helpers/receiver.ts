// A real webhook receiver on 127.0.0.1 for tests: records what arrives (at the test clock's time), answers 200,
// 500 or slowly as told, and can go down and come back on the same port.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mock } from 'node:test';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** The test clock when it arrived. */
  at: number;
}

export type Mode = 'ok' | 'error' | { slowMs: number };

export async function startReceiver(now: () => Date) {
  const received: Received[] = [];
  let mode: Mode = 'ok';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const header = (name: string) => String(req.headers[name] ?? '');
      const current = mode;
      if (current === 'error') {
        res.writeHead(500).end('receiver broke');
        return;
      }
      const answer = () => {
        received.push({
          id: header('webhook-id'),
          timestamp: header('webhook-timestamp'),
          signature: header('webhook-signature'),
          body: Buffer.concat(chunks).toString('utf8'),
          at: now().getTime(),
        });
        res.writeHead(204).end();
      };
      if (typeof current === 'object') setTimeout(answer, current.slowMs);
      else answer();
    });
  });
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      server.listen(port, '127.0.0.1', () => {
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(0);
  return {
    url: `http://127.0.0.1:${port}/hooks/tenure`,
    received,
    setMode(next: Mode) {
      mode = next;
    },
    async down() {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
    },
    async up() {
      await listen(port);
    },
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * Verifies a received request with the standardwebhooks package, as a receiver whose clock agrees with the
 * sender's would at the moment it arrived (the package checks the timestamp against Date.now()).
 */
export function verifyReceived(secret: string, r: Received): unknown {
  const clock = mock.method(Date, 'now', () => r.at);
  try {
    return new Webhook(secret).verify(r.body, {
      'webhook-id': r.id,
      'webhook-timestamp': r.timestamp,
      'webhook-signature': r.signature,
    });
  } finally {
    clock.mock.restore();
  }
}
