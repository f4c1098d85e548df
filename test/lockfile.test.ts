// CI installs with `npm ci`, which refuses a lock out of step with package.json, and installs no native binding the
// lock leaves out (npm can drop other platforms' optional packages when it rewrites a lock over node_modules).
// Fix either with `npm install --package-lock-only` on a checkout whose lock lists them all.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

interface LockedPackage {
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const root = path.resolve(import.meta.dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as LockedPackage;
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockedPackage>;
};

describe('package-lock.json', () => {
  it('matches package.json: every dependency with its range, and an exact range locked at that version', () => {
    const locked = lock.packages[''];
    assert.ok(locked, 'the lock has a root package');
    for (const kind of ['dependencies', 'devDependencies'] as const) {
      assert.deepEqual(locked[kind] ?? {}, manifest[kind] ?? {}, `${kind} in the lock differ from package.json`);
      for (const [name, range] of Object.entries(manifest[kind] ?? {})) {
        const version = lock.packages[`node_modules/${name}`]?.version;
        assert.ok(version, `${name} is not in the lock`);
        if (/^\d/.test(range))
          assert.equal(version, range, `${name} is locked at ${version}, package.json asks ${range}`);
      }
    }
  });

  it("lists every platform's optional packages, so npm ci installs the right native binding anywhere", () => {
    const names = new Set(Object.keys(lock.packages).map((key) => key.replace(/^.*node_modules\//, '')));
    const missing = Object.entries(lock.packages).flatMap(([key, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !names.has(name))
        .map((name) => `${name} (optional for ${key})`),
    );
    assert.deepEqual(missing, []);
  });
});
