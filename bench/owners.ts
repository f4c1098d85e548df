// What keeping owners as users costs an accounts import: the owner-matching and ownership-history triggers, against
// the same import with those triggers disabled, on fresh embedded stores in the same run.
import { baseContext } from '../src/services/context.ts';
import { loadConfig } from '../src/config.ts';
import { importAccounts } from '../src/services/import-accounts.ts';
import { createUser } from '../src/services/users.ts';
import { openStore } from '../src/store/open.ts';

export const description = 'accounts import with owners linked to users and history kept, against no owner triggers';

const OWNERS = ['Dana Lee', 'Sam Ortiz', 'Ana Silva', 'Li Wei', 'Omar Haddad', 'Eva Novak', 'Raj Patel', 'Kim Berg'];

function accountsCsv(n: number, shift: number): string {
  const lines = ['id,name,owner_csm'];
  for (let i = 0; i < n; i++) lines.push(`acc-${i},Account ${i},${OWNERS[(i + shift) % OWNERS.length] ?? ''}`);
  return `${lines.join('\n')}\n`;
}

async function run(n: number, triggers: boolean): Promise<{ first: number; reassign: number }> {
  const store = await openStore({ memory: true });
  try {
    const ctx = baseContext({ store, config: loadConfig({}) });
    for (const name of OWNERS.slice(0, 4)) {
      const email = `${name.toLowerCase().replace(' ', '.')}@example.com`;
      await createUser({ ctx, email, password: 'a long enough password', role: 'csm', name });
    }
    if (!triggers) {
      await store.exec(`ALTER TABLE accounts DISABLE TRIGGER accounts_match_owner;
        ALTER TABLE accounts DISABLE TRIGGER accounts_owner_history`);
    }
    const time = async (csv: string) => {
      const started = performance.now();
      await importAccounts({ ctx, input: { text: csv, name: 'accounts.csv' } });
      return performance.now() - started;
    };
    const first = await time(accountsCsv(n, 0));
    const reassign = await time(accountsCsv(n, 1)); // every account changes owner
    return { first, reassign };
  } finally {
    await store.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const n = Number(argv[argv.indexOf('--accounts') + 1] ?? '') || 20_000;
  const rounds = 3;
  const results = { on: [] as { first: number; reassign: number }[], off: [] as { first: number; reassign: number }[] };
  for (let r = 0; r < rounds; r++) {
    results.off.push(await run(n, false));
    results.on.push(await run(n, true));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  for (const step of ['first', 'reassign'] as const) {
    const off = median(results.off.map((x) => x[step]));
    const on = median(results.on.map((x) => x[step]));
    console.log(
      `${step.padEnd(8)} ${n} accounts: without owner triggers ${off.toFixed(0)} ms, with ${on.toFixed(0)} ms (×${(on / off).toFixed(2)})`,
    );
  }
  return 0;
}
