// `npm run bench -- <name> [options]`: loads bench/<name>.ts and runs its `main`.
// A benchmark is a bench/*.ts file without a hyphen; `<name>-*.ts` files are its parts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Benchmark {
  description: string;
  main(argv: string[]): Promise<number>;
}

const benchDir = path.dirname(fileURLToPath(import.meta.url));

function listBenchmarks(): string[] {
  return fs
    .readdirSync(benchDir)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.includes('-'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function load(name: string): Promise<Benchmark> {
  const mod = (await import(pathToFileURL(path.join(benchDir, `${name}.ts`)).href)) as Partial<Benchmark>;
  if (typeof mod.main !== 'function') throw new Error(`bench/${name}.ts does not export main(argv)`);
  return { description: typeof mod.description === 'string' ? mod.description : '', main: mod.main };
}

async function usage(problem: string): Promise<number> {
  console.error(`${problem}\nusage: npm run bench -- <name> [options]   (<name> --help for its options)\n`);
  console.error('available benchmarks:');
  for (const name of listBenchmarks()) console.error(`  ${name.padEnd(12)} ${(await load(name)).description}`);
  return 2;
}

const [name, ...rest] = process.argv.slice(2);
if (!name) process.exitCode = await usage('no benchmark named');
// A part (`<name>-<part>`) that exports its own `main` runs on its own too, e.g. `model-train`.
else if (!listBenchmarks().includes(name) && !fs.existsSync(path.join(benchDir, `${path.basename(name)}.ts`)))
  process.exitCode = await usage(`unknown benchmark "${name}"`);
else process.exitCode = await (await load(name)).main(rest);
