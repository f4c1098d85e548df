// Reading a secret from the terminal without echoing it, or one line from a pipe.
import { createInterface } from 'node:readline';
import { cliRuns } from './remote.ts';

/**
 * Reads a secret. The answer is remembered for the run, so a command forwarded to a running server carries it
 * (over the owner-only socket); inside the server, the forwarded answers are handed back in order.
 */
export async function readSecret(question: string): Promise<string> {
  const run = cliRuns.getStore();
  if (run?.mode === 'remote') return run.answers.shift() ?? '';
  const answer = await readFromTerminal(question);
  run?.answers.push(answer);
  return answer;
}

async function readFromTerminal(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const rl = createInterface({ input });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return '';
  }
  process.stderr.write(question);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve) => {
    let value = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        value = ch === '\u007f' ? value.slice(0, -1) : value + ch;
      }
    };
    input.on('data', onData);
  });
}
